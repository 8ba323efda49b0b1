//! The words of the console's questions page
//! (`/organise/events/{id}/questions`): what an event's registration form
//! asks beyond name and address, in Swedish, Norwegian Bokmål and English.

use crate::i18n::Locale;

/// Every text the questions page shows, in one language.
#[derive(Debug)]
pub struct QuestionsStrings {
    /// The page's heading (before the event's title) and the link to it.
    pub heading: &'static str,
    /// What the questions are for, and that answers are the organisers' to read.
    pub intro: &'static str,
    /// When the form asks nothing more.
    pub none: &'static str,
    /// The kinds of answer: free text, one option, any options.
    pub kinds: [&'static str; 3],
    /// Label: the kind of answer.
    pub field_kind: &'static str,
    /// Label: the question.
    pub field_label: &'static str,
    /// Label: the options.
    pub field_options: &'static str,
    /// How the options are written.
    pub options_hint: &'static str,
    /// Label: an answer is required.
    pub field_required: &'static str,
    /// Shown beside a required question.
    pub required: &'static str,
    /// Shown beside an optional question.
    pub optional: &'static str,
    /// Heading of the form for a new question.
    pub add: &'static str,
    /// The new question's button.
    pub add_button: &'static str,
    /// Button: remove a question.
    pub remove: &'static str,
    /// That answers already given stay.
    pub remove_hint: &'static str,
    /// Notice: a question was added.
    pub done_added: &'static str,
    /// Notice: a question was removed.
    pub done_removed: &'static str,
    /// Notice after a question's translations were saved.
    pub done_translated: &'static str,
    /// Button: save a question's translations.
    pub save_translations: &'static str,
    /// Error: a text question with options.
    pub err_text_options: &'static str,
    /// Error: a choice question with fewer than two options.
    pub err_two_options: &'static str,
    /// Error: translated options other in number than the options.
    pub err_translated_options: &'static str,
}

const SV: QuestionsStrings = QuestionsStrings {
    heading: "Frågor i anmälan",
    intro: "Det här frågar anmälningsformuläret utöver namn och e-postadress. Svaren läses bara av deltagaren själv och nätverkets arrangörer.",
    none: "Formuläret frågar inget mer än namn och e-postadress.",
    kinds: ["Fritext", "Ett av alternativen", "Flera av alternativen"],
    field_kind: "Typ av svar",
    field_label: "Fråga",
    field_options: "Alternativ",
    options_hint: "Ett alternativ per rad, minst två. Lämna tomt för en fritextfråga.",
    field_required: "Svar krävs",
    required: "Svar krävs",
    optional: "Frivillig",
    add: "Lägg till en fråga",
    add_button: "Lägg till frågan",
    remove: "Ta bort",
    remove_hint: "Svar som redan har lämnats finns kvar i anmälningarna.",
    done_added: "Frågan är tillagd.",
    done_removed: "Frågan är borttagen.",
    done_translated: "Översättningarna är sparade.",
    save_translations: "Spara översättningar",
    err_text_options: "En fritextfråga har inga alternativ. Välj en annan typ eller töm fältet.",
    err_two_options: "Skriv minst två alternativ, ett per rad.",
    err_translated_options: "Översätt varje alternativ, ett per rad i samma ordning.",
};

const NB: QuestionsStrings = QuestionsStrings {
    heading: "Spørsmål i påmeldingen",
    intro: "Dette spør påmeldingsskjemaet om i tillegg til navn og e-postadresse. Svarene leses bare av deltakeren selv og nettverkets arrangører.",
    none: "Skjemaet spør ikke om mer enn navn og e-postadresse.",
    kinds: ["Fritekst", "Ett av alternativene", "Flere av alternativene"],
    field_kind: "Type svar",
    field_label: "Spørsmål",
    field_options: "Alternativer",
    options_hint: "Ett alternativ per linje, minst to. La feltet stå tomt for et fritekstspørsmål.",
    field_required: "Svar kreves",
    required: "Svar kreves",
    optional: "Valgfritt",
    add: "Legg til et spørsmål",
    add_button: "Legg til spørsmålet",
    remove: "Fjern",
    remove_hint: "Svar som allerede er gitt, står igjen i påmeldingene.",
    done_added: "Spørsmålet er lagt til.",
    done_removed: "Spørsmålet er fjernet.",
    done_translated: "Oversettelsene er lagret.",
    save_translations: "Lagre oversettelser",
    err_text_options: "Et fritekstspørsmål har ingen alternativer. Velg en annen type eller tøm feltet.",
    err_two_options: "Skriv minst to alternativer, ett per linje.",
    err_translated_options: "Oversett hvert alternativ, ett per linje i samme rekkefølge.",
};

const EN: QuestionsStrings = QuestionsStrings {
    heading: "Registration questions",
    intro: "What the registration form asks besides name and email address. Answers are read only by the participant and the network's organisers.",
    none: "The form asks nothing beyond name and email address.",
    kinds: ["Free text", "One of the options", "Any of the options"],
    field_kind: "Kind of answer",
    field_label: "Question",
    field_options: "Options",
    options_hint: "One option per line, at least two. Leave empty for a free-text question.",
    field_required: "An answer is required",
    required: "Required",
    optional: "Optional",
    add: "Add a question",
    add_button: "Add the question",
    remove: "Remove",
    remove_hint: "Answers already given stay in the registrations.",
    done_added: "The question was added.",
    done_removed: "The question was removed.",
    done_translated: "The translations were saved.",
    save_translations: "Save translations",
    err_text_options: "A free-text question has no options. Choose another kind or empty the field.",
    err_two_options: "Write at least two options, one per line.",
    err_translated_options: "Translate each option, one per line in the same order.",
};

/// The questions page's words in `locale`.
pub fn questions_strings(locale: Locale) -> &'static QuestionsStrings {
    match locale {
        Locale::Sv => &SV,
        Locale::Nb => &NB,
        Locale::En => &EN,
    }
}
