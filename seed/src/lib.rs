//! Demo data: the four scenarios of SCENARIOS.md, loaded through the services.
//! Running it twice changes nothing.
//!
//! The data are tables of constants (organisations, networks with their
//! members, contact persons, series and events); the loader walks them and
//! looks every object up before creating it: organisations by exact name,
//! networks by slug, series by title and events by title and start within
//! their network, people by email. Memberships and contact persons are added through the services'
//! idempotent calls. An event's agenda and speakers are created with the event
//! and skipped with it.
//!
//! The organisations that own and join networks are real, and what is said
//! of them is public; people, emails (at `example.se` / `example.no`), meeting
//! links, the speakers' company and the venues' accessibility notes are
//! invented.

use std::collections::HashMap;

use anyhow::{Context as _, anyhow};
use chrono::{DateTime, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use entities::{
    AttendanceMode, EventKind, JoinLinkVisibility, NetworkVisibility, OrganisationKind,
    ParticipationMode, RegistrationPolicy, RegistrationStatus, SpeakerStatus, agenda_item, event,
    network, network_contact, network_member, organisation, person, registration,
    registration_history, series as series_entity, speaker,
};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use api::ids::{AgendaItemId, EventId, NetworkId, OrganisationId};
use api::service::Context;
use api::service::agenda::{self, AgendaItemInput};
use api::service::events::{self, NewEvent, OnlineMeeting, Venue};
use api::service::networks::{self, ContactInput, NewNetwork};
use api::service::organisations::{self, NewOrganisation};
use api::service::people::PersonInput;
use api::service::series::{self, NewSeries, Occurrence};
use api::service::speakers::{self, NewSpeaker, SpeakerWho};
use api::service::validate::parse_time_zone;

// ---------------------------------------------------------------------------
// The shape of the data
// ---------------------------------------------------------------------------

/// An organisation, identified by its exact name.
#[derive(Debug, Clone, Copy)]
struct Org {
    name: &'static str,
    kind: OrganisationKind,
    country: &'static str,
}

/// An invented person, identified by email.
#[derive(Debug, Clone, Copy)]
struct Who {
    name: &'static str,
    email: &'static str,
    title: &'static str,
    /// Name of an organisation in [`ORGANISATIONS`].
    organisation: &'static str,
}

/// A network with everything in it, identified by its slug.
#[derive(Debug, Clone, Copy)]
struct NetworkSpec {
    slug: &'static str,
    name: &'static str,
    description: &'static str,
    /// Slug of the parent network, listed earlier in [`NETWORKS`].
    parent: Option<&'static str>,
    /// Name of the owning organisation.
    owner: &'static str,
    visibility: NetworkVisibility,
    time_zone: &'static str,
    locale: &'static str,
    focus_areas: &'static [&'static str],
    /// Names of the member organisations.
    members: &'static [&'static str],
    /// Contact persons with their label.
    contacts: &'static [(Who, &'static str)],
    series: &'static [SeriesSpec],
    events: &'static [EventSpec],
}

/// Where an event is held.
#[derive(Debug, Clone, Copy)]
struct Place {
    name: &'static str,
    address: &'static str,
    city: &'static str,
    accessibility: Option<&'static str>,
}

/// How to join online.
#[derive(Debug, Clone, Copy)]
struct Link {
    provider: &'static str,
    url: &'static str,
    instructions: Option<&'static str>,
}

/// How an event is held: everything but its title, text and times.
#[derive(Debug, Clone, Copy)]
struct Setup {
    kind: EventKind,
    mode: AttendanceMode,
    venue: Option<Place>,
    online: Option<Link>,
    join_link: JoinLinkVisibility,
    /// `None`: the network's default (members only in a closed network).
    members_only: Option<bool>,
    seats_in_person: Option<i32>,
    seats_online: Option<i32>,
    policy: RegistrationPolicy,
}

/// A single event. Times are local ("2026-11-26 09:00") in the network's zone.
#[derive(Debug, Clone, Copy)]
struct EventSpec {
    title: &'static str,
    description: &'static str,
    starts: &'static str,
    ends: &'static str,
    setup: Setup,
    /// When registration opens and closes (local times).
    registration: Option<(&'static str, &'static str)>,
    agenda: &'static [Item],
    /// Speakers of the event as a whole, not of one agenda item.
    speakers: &'static [Talk],
}

/// An agenda item; times ("09:30") are on the event's first day.
#[derive(Debug, Clone, Copy)]
struct Item {
    from: &'static str,
    to: &'static str,
    title: &'static str,
    description: &'static str,
    room: &'static str,
    speakers: &'static [Talk],
}

/// Someone speaking.
#[derive(Debug, Clone, Copy)]
struct Talk {
    speaker: Speaker,
    affiliation: &'static str,
    role: &'static str,
    status: SpeakerStatus,
}

/// A speaker who is a person in Träffpunkt, or only a name.
#[derive(Debug, Clone, Copy)]
enum Speaker {
    Person(Who),
    External(&'static str),
}

/// A series of meetings at the same hours on irregular dates.
#[derive(Debug, Clone, Copy)]
struct SeriesSpec {
    title: &'static str,
    description: &'static str,
    /// Title of an occurrence whose theme is not known yet.
    event_title: &'static str,
    event_description: &'static str,
    /// Local start and end time of every occurrence.
    hours: (&'static str, &'static str),
    setup: Setup,
    dates: &'static [Date],
}

/// One date of a series ("2023-09-18"), with its theme once it is known.
#[derive(Debug, Clone, Copy)]
struct Date {
    date: &'static str,
    theme: Option<&'static str>,
    speakers: &'static [Talk],
}

// ---------------------------------------------------------------------------
// Organisations
// ---------------------------------------------------------------------------

const GR: &str = "Göteborgsregionen";
const ALLAGEHUB: &str = "AllAgeHub";
const HELSINGBORG: &str = "Helsingborgs stad";
const FONTANHUSET: &str = "Fontänhuset Helsingborg";
const REGION_SKANE: &str = "Region Skåne";
const GU: &str = "Göteborgs universitet";
const CENTRE: &str = "Senteret for et aldersvennlig Norge";
const KUNGSBACKA: &str = "Kungsbacka kommun";

/// The 13 member municipalities of Göteborgsregionen.
const GR_MUNICIPALITIES: [&str; 13] = [
    "Ale kommun",
    "Alingsås kommun",
    "Göteborgs Stad",
    "Härryda kommun",
    KUNGSBACKA,
    "Kungälvs kommun",
    "Lerums kommun",
    "Lilla Edets kommun",
    "Mölndals stad",
    "Partille kommun",
    "Stenungsunds kommun",
    "Tjörns kommun",
    "Öckerö kommun",
];

/// AllAgeHub's partners: every GR municipality but Kungsbacka, which wants to join.
const ALLAGEHUB_PARTNERS: [&str; 12] = [
    "Ale kommun",
    "Alingsås kommun",
    "Göteborgs Stad",
    "Härryda kommun",
    "Kungälvs kommun",
    "Lerums kommun",
    "Lilla Edets kommun",
    "Mölndals stad",
    "Partille kommun",
    "Stenungsunds kommun",
    "Tjörns kommun",
    "Öckerö kommun",
];

/// The Norwegian municipalities selected for the project.
const NO_MUNICIPALITIES: [&str; 4] = [
    "Bærum kommune",
    "Ålesund kommune",
    "Tromsø kommune",
    "Færder kommune",
];

/// Norwegian municipalities that applied to the project and were not selected.
const NO_NOT_SELECTED: [&str; 2] = ["Lillehammer kommune", "Bodø kommune"];

/// Every organisation of the demo, besides the municipalities above.
const ORGANISATIONS: &[Org] = &[
    Org {
        name: GR,
        kind: OrganisationKind::Association,
        country: "SE",
    },
    Org {
        name: ALLAGEHUB,
        kind: OrganisationKind::Other,
        country: "SE",
    },
    Org {
        name: HELSINGBORG,
        kind: OrganisationKind::Municipality,
        country: "SE",
    },
    Org {
        name: FONTANHUSET,
        kind: OrganisationKind::CivilSociety,
        country: "SE",
    },
    Org {
        name: REGION_SKANE,
        kind: OrganisationKind::Region,
        country: "SE",
    },
    Org {
        name: GU,
        kind: OrganisationKind::Academia,
        country: "SE",
    },
    Org {
        name: CENTRE,
        kind: OrganisationKind::Agency,
        country: "NO",
    },
];

/// A municipality in `country`.
fn municipality(country: &'static str) -> impl Fn(&'static str) -> Org {
    move |name| Org {
        name,
        kind: OrganisationKind::Municipality,
        country,
    }
}

/// All organisations in the order they are loaded.
fn organisations() -> impl Iterator<Item = Org> {
    ORGANISATIONS
        .iter()
        .copied()
        .chain(GR_MUNICIPALITIES.into_iter().map(municipality("SE")))
        .chain(NO_MUNICIPALITIES.into_iter().map(municipality("NO")))
        .chain(NO_NOT_SELECTED.into_iter().map(municipality("NO")))
}

// ---------------------------------------------------------------------------
// People (invented)
// ---------------------------------------------------------------------------

const ASA: Who = Who {
    name: "Åsa Lindqvist",
    email: "asa.lindqvist@example.se",
    title: "Processledare socialtjänst",
    organisation: GR,
};
const GORAN: Who = Who {
    name: "Göran Håkansson",
    email: "goran.hakansson@example.se",
    title: "Utvecklingsledare äldreomsorg",
    organisation: GR,
};
const MARTA: Who = Who {
    name: "Märta Sjöström",
    email: "marta.sjostrom@example.se",
    title: "Folkhälsostrateg",
    organisation: GR,
};
const LINNEA: Who = Who {
    name: "Linnéa Bäckström",
    email: "linnea.backstrom@example.se",
    title: "Verksamhetsledare",
    organisation: ALLAGEHUB,
};
const ORJAN: Who = Who {
    name: "Örjan Fält",
    email: "orjan.falt@example.se",
    title: "Projektledare",
    organisation: ALLAGEHUB,
};
const KARIN: Who = Who {
    name: "Karin Ekström",
    email: "karin.ekstrom@example.se",
    title: "Bostadsstrateg",
    organisation: "Mölndals stad",
};
const ANDERS: Who = Who {
    name: "Anders Löfgren",
    email: "anders.lofgren@example.se",
    title: "Socialchef",
    organisation: "Alingsås kommun",
};
const SOFIA: Who = Who {
    name: "Sofia Näslund",
    email: "sofia.naslund@example.se",
    title: "Förvaltningschef äldreomsorg",
    organisation: "Kungälvs kommun",
};
const PER: Who = Who {
    name: "Per Åkesson",
    email: "per.akesson@example.se",
    title: "Verksamhetschef vård och omsorg",
    organisation: KUNGSBACKA,
};
const ELIN: Who = Who {
    name: "Elin Strömberg",
    email: "elin.stromberg@example.se",
    title: "Utvecklingsledare, socialförvaltningen",
    organisation: HELSINGBORG,
};
const KJERSTI: Who = Who {
    name: "Kjersti Ødegård",
    email: "kjersti.odegard@example.no",
    title: "Prosjektleder",
    organisation: CENTRE,
};
const ORJAN_NO: Who = Who {
    name: "Ørjan Sæther",
    email: "orjan.saether@example.no",
    title: "Seniorkoordinator",
    organisation: "Bærum kommune",
};
const INGRID_NO: Who = Who {
    name: "Ingrid Aasland",
    email: "ingrid.aasland@example.no",
    title: "Folkehelsekoordinator",
    organisation: "Ålesund kommune",
};
const HAKON: Who = Who {
    name: "Håkon Bjørnstad",
    email: "hakon.bjornstad@example.no",
    title: "Rådgiver, helse og omsorg",
    organisation: "Tromsø kommune",
};

const fn talk(speaker: Speaker, affiliation: &'static str, role: &'static str) -> Talk {
    Talk {
        speaker,
        affiliation,
        role,
        status: SpeakerStatus::Confirmed,
    }
}

const fn person(who: Who, role: &'static str) -> Talk {
    talk(Speaker::Person(who), who.organisation, role)
}

// ---------------------------------------------------------------------------
// Places and set-ups
// ---------------------------------------------------------------------------

const GR_OFFICE: Place = Place {
    name: "Göteborgsregionen",
    address: "Anders Personsgatan 8",
    city: "Göteborg",
    accessibility: None,
};

const GR_MEETING: Setup = Setup {
    kind: EventKind::Meeting,
    mode: AttendanceMode::InPerson,
    venue: Some(GR_OFFICE),
    online: None,
    join_link: JoinLinkVisibility::Registered,
    members_only: Some(true),
    seats_in_person: None,
    seats_online: None,
    policy: RegistrationPolicy::Required,
};

const GR_WORKSHOP: Setup = Setup {
    kind: EventKind::Workshop,
    seats_in_person: Some(30),
    ..GR_MEETING
};

const FONTANHUSET_PLACE: Place = Place {
    name: "Fontänhuset Helsingborg",
    address: "Norra Strandgatan 8",
    city: "Helsingborg",
    accessibility: None,
};

const HELSINGBORG_HYBRID: Setup = Setup {
    kind: EventKind::Meeting,
    mode: AttendanceMode::Hybrid,
    venue: Some(FONTANHUSET_PLACE),
    online: Some(Link {
        provider: "Webex",
        url: "https://helsingborg.webex.com/meet/gemensam-utvecklingsgrupp",
        instructions: Some(
            "Öppna länken i webbläsaren eller i Webex-appen. Ingen anmälan behövs; \
             du kan delta på plats eller digitalt.",
        ),
    }),
    join_link: JoinLinkVisibility::Public,
    members_only: Some(false),
    seats_in_person: None,
    seats_online: None,
    policy: RegistrationPolicy::Open,
};

const OSLO_VENUE: Place = Place {
    name: "Oslo kongressenter",
    address: "Youngs gate 21",
    city: "Oslo",
    accessibility: Some(
        "Trinnfri adkomst fra Youngstorget, heis til alle etasjer og teleslynge i salen.",
    ),
};

const NO_GATHERING: Setup = Setup {
    kind: EventKind::Gathering,
    mode: AttendanceMode::InPerson,
    venue: Some(OSLO_VENUE),
    online: None,
    join_link: JoinLinkVisibility::Registered,
    members_only: None,
    seats_in_person: Some(60),
    seats_online: None,
    policy: RegistrationPolicy::Required,
};

const NO_ONLINE: Link = Link {
    provider: "Zoom",
    url: "https://aldersvennlig.example.no/mote/friske-eldre",
    instructions: Some("Lenken sendes til påmeldte deltakere dagen før."),
};

const NO_WEBINAR: Setup = Setup {
    kind: EventKind::Webinar,
    mode: AttendanceMode::Online,
    venue: None,
    online: Some(NO_ONLINE),
    seats_in_person: None,
    ..NO_GATHERING
};

const NO_WORKING_MEETING: Setup = Setup {
    kind: EventKind::Workshop,
    ..NO_WEBINAR
};

// ---------------------------------------------------------------------------
// 1. Göteborgsregionen and its networks
// ---------------------------------------------------------------------------

const SOCIALCHEFER: NetworkSpec = NetworkSpec {
    slug: "socialchefsnatverket",
    name: "Socialchefsnätverket",
    description: "Nätverket för socialcheferna i Göteborgsregionens 13 medlemskommuner, en \
                  eller två per kommun. Nätverket träffas på fredagar och fattar beslut i \
                  regionala frågor, till exempel om en samverkansplattform ska fortsätta. \
                  Mötena är bara för medlemmar.",
    parent: None,
    owner: GR,
    visibility: NetworkVisibility::Closed,
    time_zone: "Europe/Stockholm",
    locale: "sv",
    focus_areas: &[],
    members: &GR_MUNICIPALITIES,
    contacts: &[(ASA, "kontaktperson på GR")],
    series: &[SeriesSpec {
        title: "Socialchefsnätverkets möten hösten 2026",
        description: "Nätverkets fredagsmöten på GR under hösten 2026.",
        event_title: "Socialchefsnätverkets möte",
        event_description: "Ordinarie möte. Dagordning skickas ut en vecka före mötet.",
        hours: ("09:00", "12:00"),
        setup: GR_MEETING,
        dates: &[
            Date {
                date: "2026-09-11",
                theme: Some("Uppstart och verksamhetsplan"),
                speakers: &[],
            },
            Date {
                date: "2026-10-09",
                theme: Some("Barn och unga i regionens socialtjänst"),
                speakers: &[],
            },
            Date {
                date: "2026-11-13",
                theme: None,
                speakers: &[],
            },
            Date {
                date: "2026-12-11",
                theme: Some("Beslut om AllAgeHub efter etableringsfasen"),
                speakers: &[person(LINNEA, "Föredragande")],
            },
        ],
    }],
    events: &[],
};

const ALDREOMSORG: NetworkSpec = NetworkSpec {
    slug: "aldreomsorgschefer-och-hsl-chefer",
    name: "Nätverket för äldreomsorgschefer och hälso- och sjukvårdschefer",
    description: "Nätverket samlar kommunernas chefer för äldreomsorg och för hälso- och \
                  sjukvård. Arbetet följer en handlingsplan med fem fokusområden.",
    parent: None,
    owner: GR,
    visibility: NetworkVisibility::Closed,
    time_zone: "Europe/Stockholm",
    locale: "sv",
    focus_areas: &[
        "välfärdsteknologi",
        "personal- och kompetensförsörjning",
        "förebyggande och hälsofrämjande arbete",
        "innovation",
        "omvärldsbevakning",
    ],
    members: &GR_MUNICIPALITIES,
    contacts: &[(GORAN, "kontaktperson på GR")],
    series: &[],
    events: &[
        EventSpec {
            title: "Nätverksmöte: handlingsplanen 2026–2027",
            description: "Vi går igenom handlingsplanens fokusområden och fördelar ansvaret \
                          för aktiviteterna under året.",
            starts: "2026-09-17 09:00",
            ends: "2026-09-17 12:00",
            setup: GR_MEETING,
            registration: None,
            agenda: &[],
            speakers: &[],
        },
        EventSpec {
            title: "Nätverksmöte: välfärdsteknologi i hemtjänsten",
            description: "Erfarenheter från kommunernas införande av digital tillsyn och \
                          läkemedelsrobotar.",
            starts: "2026-10-15 09:00",
            ends: "2026-10-15 12:00",
            setup: GR_MEETING,
            registration: None,
            agenda: &[],
            speakers: &[person(SOFIA, "Inledare")],
        },
        EventSpec {
            title: "Nätverksmöte: personal- och kompetensförsörjning",
            description: "Hur behåller vi undersköterskorna? Läget i kommunerna och \
                          gemensamma insatser.",
            starts: "2026-11-19 09:00",
            ends: "2026-11-19 12:00",
            setup: GR_MEETING,
            registration: None,
            agenda: &[],
            speakers: &[],
        },
    ],
};

const FOREBYGGANDE: NetworkSpec = NetworkSpec {
    slug: "nyckelpersoner-forebyggande-arbete",
    name: "Nätverket för nyckelpersoner i förebyggande arbete",
    description: "Ett delnätverk till nätverket för äldreomsorgschefer och hälso- och \
                  sjukvårdschefer, för nyckelpersoner i det förebyggande och \
                  hälsofrämjande arbetet för äldre. Har en egen kalender.",
    parent: Some(ALDREOMSORG.slug),
    owner: GR,
    visibility: NetworkVisibility::Closed,
    time_zone: "Europe/Stockholm",
    locale: "sv",
    focus_areas: &["förebyggande och hälsofrämjande arbete"],
    members: &[
        "Kungälvs kommun",
        "Lerums kommun",
        "Mölndals stad",
        "Partille kommun",
        "Öckerö kommun",
    ],
    contacts: &[(MARTA, "kontaktperson på GR")],
    series: &[],
    events: &[
        EventSpec {
            title: "Workshop: fallprevention och hälsofrämjande insatser",
            description: "Vad fungerar för att förebygga fall hos äldre? Vi delar metoder \
                          och planerar en gemensam kampanj.",
            starts: "2026-10-06 13:00",
            ends: "2026-10-06 16:00",
            setup: GR_WORKSHOP,
            registration: None,
            agenda: &[],
            speakers: &[],
        },
        EventSpec {
            title: "Workshop: äldres psykiska hälsa och ensamhet",
            description: "Uppsökande verksamhet, mötesplatser och samarbete med \
                          civilsamhället.",
            starts: "2026-11-10 13:00",
            ends: "2026-11-10 16:00",
            setup: GR_WORKSHOP,
            registration: None,
            agenda: &[],
            speakers: &[],
        },
    ],
};

const BRANSCHRAD: NetworkSpec = NetworkSpec {
    slug: "branschrad-aldreomsorg",
    name: "Branschråd äldreomsorg",
    description: "Ett stående råd med representanter för kommunerna och GR som startar i \
                  december 2026. Rådet arbetar tillsammans med de fackliga \
                  organisationerna med kompetensförsörjning och arbetsmiljö i \
                  äldreomsorgen.",
    parent: None,
    owner: GR,
    visibility: NetworkVisibility::Closed,
    time_zone: "Europe/Stockholm",
    locale: "sv",
    focus_areas: &["personal- och kompetensförsörjning"],
    members: &GR_MUNICIPALITIES,
    contacts: &[(GORAN, "kontaktperson på GR")],
    series: &[SeriesSpec {
        title: "Branschrådets möten 2026–2027",
        description: "Rådets möten från starten i december.",
        event_title: "Branschråd äldreomsorg",
        event_description: "Rådets ordinarie möte med kommunernas representanter, GR och \
                            de fackliga organisationerna.",
        hours: ("13:00", "15:30"),
        setup: GR_MEETING,
        dates: &[
            Date {
                date: "2026-12-04",
                theme: Some("Uppstart: rådets uppdrag och arbetsformer"),
                speakers: &[person(GORAN, "Sammankallande")],
            },
            Date {
                date: "2027-02-05",
                theme: None,
                speakers: &[],
            },
            Date {
                date: "2027-04-09",
                theme: None,
                speakers: &[],
            },
        ],
    }],
    events: &[],
};

// ---------------------------------------------------------------------------
// 2. AllAgeHub's autumn conference
// ---------------------------------------------------------------------------

const LINDHOLMEN: Place = Place {
    name: "Lindholmen Conference Centre",
    address: "Lindholmspiren 5",
    city: "Göteborg",
    accessibility: Some(
        "Entré i markplan med automatiska dörrar och hiss till alla plan. Hörslinga i \
         Stora salen, tillgänglighetsanpassade toaletter på varje plan och vilorum. \
         Ledsagare deltar utan avgift. Meddela vid anmälan om du behöver \
         teckenspråkstolk, skrivtolk eller annan anpassning.",
    ),
};

const CONFERENCE: Setup = Setup {
    kind: EventKind::Conference,
    mode: AttendanceMode::Hybrid,
    venue: Some(LINDHOLMEN),
    online: Some(Link {
        provider: "Microsoft Teams",
        url: "https://allagehub.example.se/live/hostkonferens-2026",
        instructions: Some("Sändningen startar 08.45. Frågor ställs i chatten."),
    }),
    join_link: JoinLinkVisibility::Registered,
    members_only: Some(false),
    seats_in_person: Some(150),
    seats_online: Some(300),
    policy: RegistrationPolicy::Required,
};

const ALLAGEHUB_NETWORK: NetworkSpec = NetworkSpec {
    slug: "allagehub",
    name: "AllAgeHub",
    description: "AllAgeHub är en plattform där kommuner, akademi, civilsamhälle och \
                  näringsliv arbetar tillsammans med tillgängliga bostäder och \
                  välfärdsteknologi för människor i alla åldrar och med olika \
                  förutsättningar. Tolv av GR:s kommuner är partner; Kungsbacka kommun \
                  har meddelat att kommunen vill gå med.",
    parent: None,
    owner: ALLAGEHUB,
    visibility: NetworkVisibility::Open,
    time_zone: "Europe/Stockholm",
    locale: "sv",
    focus_areas: &["tillgängliga bostäder", "välfärdsteknologi"],
    members: &ALLAGEHUB_PARTNERS,
    contacts: &[(LINNEA, "kontaktperson på AllAgeHub")],
    series: &[],
    events: &[EventSpec {
        title: "AllAgeHub höstkonferens 2026",
        description: "Höstkonferensen sammanfattar AllAgeHub:s etableringsfas: vad vi har \
                      lärt oss om tillgängliga bostäder och välfärdsteknologi, och hur \
                      arbetet går vidare. Delta på plats i Göteborg eller digitalt.",
        starts: "2026-11-26 09:00",
        ends: "2026-11-26 16:00",
        setup: CONFERENCE,
        registration: Some(("2026-09-01 09:00", "2026-11-19 23:59")),
        agenda: &[
            Item {
                from: "09:00",
                to: "09:30",
                title: "Välkommen och inledning",
                description: "Moderatorn hälsar välkommen och presenterar dagen.",
                room: "Stora salen",
                speakers: &[person(LINNEA, "Moderator")],
            },
            Item {
                from: "09:30",
                to: "10:30",
                title: "Etableringsfasen – vad har vi lärt oss?",
                description: "Resultat och lärdomar från plattformens första år.",
                room: "Stora salen",
                speakers: &[person(ORJAN, "Talare")],
            },
            Item {
                from: "10:45",
                to: "12:00",
                title: "Tillgängliga bostäder för alla åldrar",
                description: "Forskning och kommunal planering för bostäder som fungerar \
                              hela livet.",
                room: "Stora salen",
                speakers: &[
                    talk(Speaker::External("Ingrid Ödman"), GU, "Talare"),
                    person(KARIN, "Talare"),
                ],
            },
            Item {
                from: "13:00",
                to: "14:15",
                title: "Välfärdsteknologi i vardagen",
                description: "Parallella spår om digitala trygghetslarm, sensorer och \
                              kommunernas upphandling.",
                room: "Älvrummet",
                speakers: &[
                    talk(Speaker::External("Mats Ålund"), "Trygga Hem AB", "Talare"),
                    person(SOFIA, "Talare"),
                ],
            },
            Item {
                from: "14:30",
                to: "15:30",
                title: "Panel: Hur går vi vidare?",
                description: "Kommuner, akademi och civilsamhälle om plattformens nästa fas.",
                room: "Stora salen",
                speakers: &[
                    person(ANDERS, "Paneldeltagare"),
                    talk(
                        Speaker::External("Birgitta Höglund"),
                        "PRO Göteborg",
                        "Paneldeltagare",
                    ),
                    Talk {
                        status: SpeakerStatus::Invited,
                        ..person(PER, "Paneldeltagare")
                    },
                ],
            },
            Item {
                from: "15:30",
                to: "16:00",
                title: "Sammanfattning och avslutning",
                description: "",
                room: "Stora salen",
                speakers: &[person(LINNEA, "Moderator")],
            },
        ],
        speakers: &[],
    }],
};

// ---------------------------------------------------------------------------
// 3. Helsingborg's open, hybrid development group
// ---------------------------------------------------------------------------

const INVITED: &str = "Inbjuden talare";

const UTVECKLINGSGRUPP: NetworkSpec = NetworkSpec {
    slug: "gemensam-utvecklingsgrupp",
    name: "Gemensam utvecklingsgrupp",
    description: "Socialförvaltningen i Helsingborg, brukarorganisationer och alla som är \
                  intresserade träffas en gång i månaden på Fontänhuset Helsingborg och \
                  digitalt via Webex. Ingen anmälan behövs. Skicka gärna in förslag på \
                  teman – vi återkopplar vad som händer med varje förslag.",
    parent: None,
    owner: HELSINGBORG,
    visibility: NetworkVisibility::Open,
    time_zone: "Europe/Stockholm",
    locale: "sv",
    focus_areas: &["digitalt utanförskap", "mentorskap", "brukarinflytande"],
    members: &[HELSINGBORG, FONTANHUSET],
    contacts: &[(ELIN, "kontaktperson i Helsingborgs stad")],
    series: &[SeriesSpec {
        title: "Gemensam utvecklingsgrupp hösten 2023",
        description: "Höstens fyra träffar. Teman meddelas efter hand.",
        event_title: "Gemensam utvecklingsgrupp",
        event_description: "Månadens träff på Fontänhuset och via Webex. Tema och \
                            inbjudna talare meddelas senare.",
        hours: ("13:00", "15:00"),
        setup: HELSINGBORG_HYBRID,
        dates: &[
            Date {
                date: "2023-09-18",
                theme: Some("Digitalt utanförskap"),
                speakers: &[talk(
                    Speaker::External("Hanna Dahlqvist"),
                    REGION_SKANE,
                    INVITED,
                )],
            },
            Date {
                date: "2023-10-16",
                theme: Some("Mentorskap och stöd från andra med egen erfarenhet"),
                speakers: &[talk(
                    Speaker::External("Jonas Wärn"),
                    "RSMH – Riksförbundet för social och mental hälsa",
                    INVITED,
                )],
            },
            Date {
                date: "2023-11-20",
                theme: Some("Självhjälpsgrupper"),
                speakers: &[talk(
                    Speaker::External("Lena Fröberg"),
                    "Självhjälpshuset Helsingborg",
                    INVITED,
                )],
            },
            Date {
                date: "2023-12-18",
                theme: None,
                speakers: &[],
            },
        ],
    }],
    events: &[],
};

/// A theme suggestion to the Helsingborg group and what became of it.
struct SuggestionSpec {
    title: &'static str,
    description: &'static str,
    /// The guest who sent it: name and (invented) address.
    by: (&'static str, &'static str),
    status: entities::SuggestionStatus,
    follow_up: &'static str,
    /// The working group (`WORKING_GROUP`) or where it went (`FORWARDED`).
    to: &'static str,
    /// The meeting that takes it up (`PLANNED`), by its date.
    meeting: Option<&'static str>,
}

/// Scenario 3: "some become working groups, e.g. on digital exclusion and
/// mentoring".
const SUGGESTIONS: [SuggestionSpec; 6] = [
    SuggestionSpec {
        title: "Digitalt utanförskap",
        description: "Många av våra medlemmar klarar inte e-tjänster och BankID. Hur når \
                      socialtjänsten dem som står utanför det digitala?",
        by: ("Birgitta Nyman", "birgitta.nyman@example.se"),
        status: entities::SuggestionStatus::WorkingGroup,
        follow_up: "Temat togs upp i september. En arbetsgrupp med brukarorganisationer och \
                    socialförvaltningen tar fram förslag på stöd och lotsning.",
        to: "Arbetsgruppen för digital delaktighet, kontakt Elin Strömberg",
        meeting: None,
    },
    SuggestionSpec {
        title: "Mentorskap",
        description: "Stöd från någon med egen erfarenhet: kan vi bygga upp ett \
                      mentorsprogram tillsammans?",
        by: ("Ahmed Karimi", "ahmed.karimi@example.se"),
        status: entities::SuggestionStatus::WorkingGroup,
        follow_up: "Efter oktoberträffen bildades en arbetsgrupp som tar fram ett \
                    mentorsprogram med Fontänhuset och RSMH.",
        to: "Arbetsgruppen för mentorskap, kontakt via Fontänhuset Helsingborg",
        meeting: None,
    },
    SuggestionSpec {
        title: "Självhjälpsgrupper",
        description: "Hur startar man en självhjälpsgrupp, och vilket stöd finns?",
        by: ("Lena Sandberg", "lena.sandberg@example.se"),
        status: entities::SuggestionStatus::Planned,
        follow_up: "Tas upp på novemberträffen med Självhjälpshuset Helsingborg.",
        to: "",
        meeting: Some("2023-11-20"),
    },
    SuggestionSpec {
        title: "Bostad först",
        description: "Hur går det med Bostad först i Helsingborg, och kan brukarna vara med \
                      och utvärdera?",
        by: ("Tomas Ek", "tomas.ek@example.se"),
        status: entities::SuggestionStatus::Forwarded,
        follow_up: "Vi har skickat frågan vidare till dem som ansvarar för Bostad först; de \
                    återkommer till gruppen.",
        to: "Socialförvaltningens boendeenhet",
        meeting: None,
    },
    SuggestionSpec {
        title: "Ensamhet bland unga vuxna",
        description: "Ensamheten ökar bland unga vuxna. Vad gör staden, och vad kan vi göra \
                      tillsammans?",
        by: ("Maja Lind", "maja.lind@example.se"),
        status: entities::SuggestionStatus::UnderReview,
        follow_up: "Gruppen bereder förslaget och återkommer om ett tema under våren.",
        to: "",
        meeting: None,
    },
    SuggestionSpec {
        title: "Parkering vid Fontänhuset",
        description: "Det är svårt att hitta parkering vid träffarna.",
        by: ("Sven Olsson", "sven.olsson@example.se"),
        status: entities::SuggestionStatus::Declined,
        follow_up: "Frågan ligger utanför gruppens uppdrag. Vi har tipsat om stadens \
                    synpunktsfunktion; buss 1 och 2 stannar vid Norra Strandgatan.",
        to: "",
        meeting: None,
    },
];

// ---------------------------------------------------------------------------
// 4. The Norwegian centre's application-based project
// ---------------------------------------------------------------------------

const FRISKE_ELDRE: NetworkSpec = NetworkSpec {
    slug: "mobilisering-av-friske-eldre",
    name: "Mobilisering av friske eldre",
    description: "Et prosjekt fra Senteret for et aldersvennlig Norge (juni–desember 2021) \
                  om å mobilisere friske eldre. Kommunene søker om å bli med; de utvalgte \
                  kommunene deltar på samlinger, webinarer og arbeidsmøter og danner et \
                  nettverk på tvers av landet.",
    parent: None,
    owner: CENTRE,
    visibility: NetworkVisibility::Closed,
    time_zone: "Europe/Oslo",
    locale: "nb",
    focus_areas: &[
        "aldersvennlige lokalsamfunn",
        "frivillighet",
        "seniorressurser",
    ],
    // The selected municipalities join the project network below, each
    // when its application is approved.
    members: &[],
    contacts: &[(KJERSTI, "kontaktperson ved senteret")],
    series: &[],
    events: &[APPLICATION],
};

/// Title of the project's application event.
const APPLICATION_TITLE: &str = "Prosjekt: Mobilisering av friske eldre 2021";

/// The project's application event: approved municipalities join
/// [`FRISKE_ELDRE_KOMMUNER`] (its project network, set by [`Loader::project`]).
const APPLICATION: EventSpec = EventSpec {
    title: APPLICATION_TITLE,
    description: "Kommuner søker om å delta i prosjektet (juni–desember 2021). \
                          Søknaden sendes av kommunen ved en kontaktperson. Senteret velger \
                          ut kommunene og gir svar i mai. Søknadsfrist 1. mai 2021.",
    starts: "2021-06-01 09:00",
    ends: "2021-12-15 16:00",
    setup: Setup {
        mode: AttendanceMode::Hybrid,
        members_only: Some(false),
        seats_in_person: None,
        policy: RegistrationPolicy::Application,
        ..NO_GATHERING
    },
    registration: Some(("2021-03-01 09:00", "2021-05-01 23:59")),
    agenda: &[],
    speakers: &[],
};

/// The project network: the selected municipalities, members through their
/// approved applications, with their representatives.
const FRISKE_ELDRE_KOMMUNER: NetworkSpec = NetworkSpec {
    slug: "friske-eldre-kommunenettverket",
    name: "Kommunenettverket for friske eldre",
    description: "De utvalgte kommunene i prosjektet Mobilisering av friske eldre danner et \
                  nettverk på tvers av landet. En kommune blir medlem når søknaden blir \
                  innvilget; representantene meldes på samlingene og ser hvilke kommuner \
                  som deltok.",
    parent: Some(FRISKE_ELDRE.slug),
    owner: CENTRE,
    visibility: NetworkVisibility::Closed,
    time_zone: "Europe/Oslo",
    locale: "nb",
    focus_areas: &["seniorressurser", "frivillighet"],
    members: &[],
    contacts: &[(KJERSTI, "kontaktperson ved senteret")],
    // The gatherings' series is made once the applications are decided, so
    // that its occurrences register the representatives.
    series: &[],
    events: &[
        EventSpec {
            title: "Oppstartssamling",
            description: "Første samling for de utvalgte kommunene: mål, plan og \
                          bli-kjent.",
            starts: "2021-06-10 10:00",
            ends: "2021-06-10 15:30",
            setup: NO_GATHERING,
            registration: None,
            agenda: &[],
            speakers: &[person(KJERSTI, "Prosjektleder")],
        },
        EventSpec {
            title: "Webinar: Hvordan når vi friske eldre?",
            description: "Erfaringer med å rekruttere seniorer til frivillig innsats.",
            starts: "2021-08-26 13:00",
            ends: "2021-08-26 14:30",
            setup: NO_WEBINAR,
            registration: None,
            agenda: &[],
            speakers: &[person(ORJAN_NO, "Innleder")],
        },
        EventSpec {
            title: "Arbeidsmøte: lokale handlingsplaner",
            description: "Kommunene arbeider med sine planer og gir hverandre \
                          tilbakemeldinger.",
            starts: "2021-09-16 09:00",
            ends: "2021-09-16 12:00",
            setup: NO_WORKING_MEETING,
            registration: None,
            agenda: &[],
            speakers: &[],
        },
        EventSpec {
            title: "Webinar: Seniorressurser og frivillighet",
            description: "Hvordan kommunen kan legge til rette for at eldre bidrar i \
                          nærmiljøet.",
            starts: "2021-10-21 13:00",
            ends: "2021-10-21 14:30",
            setup: NO_WEBINAR,
            registration: None,
            agenda: &[],
            speakers: &[person(INGRID_NO, "Innleder")],
        },
        EventSpec {
            title: "Arbeidsmøte: erfaringsdeling",
            description: "Hva har fungert, og hva gjør vi annerledes neste år?",
            starts: "2021-11-11 09:00",
            ends: "2021-11-11 12:00",
            setup: NO_WORKING_MEETING,
            registration: None,
            agenda: &[],
            speakers: &[person(HAKON, "Innleder")],
        },
    ],
};

/// The project network's autumn gatherings, for its members.
const FRISKE_ELDRE_SAMLINGER: SeriesSpec = SeriesSpec {
    title: "Samlinger høsten 2021",
    description: "Samlingene for de utvalgte kommunene i Oslo, høsten 2021.",
    event_title: "Samling",
    event_description: "Samling for kommunenes representanter: erfaringer, planer og \
                        nettverk.",
    hours: ("10:00", "15:30"),
    setup: NO_GATHERING,
    dates: &[
        Date {
            date: "2021-09-23",
            theme: Some("lokale handlingsplaner"),
            speakers: &[],
        },
        Date {
            date: "2021-10-28",
            theme: Some("seniorressurser i nærmiljøet"),
            speakers: &[],
        },
        Date {
            date: "2021-12-02",
            theme: Some("avslutning"),
            speakers: &[],
        },
    ],
};

/// A municipality's application to the project: its representative, and
/// whether the centre selected it (with its message).
struct Application {
    municipality: &'static str,
    name: &'static str,
    email: &'static str,
    title: &'static str,
    selected: bool,
    message: &'static str,
}

const SELECTED: &str = "Kommunen er valgt ut til prosjektet. Velkommen til nettverket!";
const NOT_SELECTED: &str = "Takk for søknaden. Kommunen ble dessverre ikke valgt ut denne gangen.";

/// The applications (invented representatives; their addresses are in
/// their municipality's demo mail domain).
const APPLICATIONS: [Application; 6] = [
    Application {
        municipality: "Bærum kommune",
        name: "Ingvild Bakke",
        email: "ingvild.bakke@baerum-kommune.example.no",
        title: "Seniorkonsulent",
        selected: true,
        message: SELECTED,
    },
    Application {
        municipality: "Ålesund kommune",
        name: "Sindre Aasen",
        email: "sindre.aasen@alesund-kommune.example.no",
        title: "Frivillighetskoordinator",
        selected: true,
        message: SELECTED,
    },
    Application {
        municipality: "Tromsø kommune",
        name: "Marte Johansen",
        email: "marte.johansen@tromso-kommune.example.no",
        title: "Folkehelsekoordinator",
        selected: true,
        message: SELECTED,
    },
    Application {
        municipality: "Færder kommune",
        name: "Eirik Solberg",
        email: "eirik.solberg@faerder-kommune.example.no",
        title: "Rådgiver, helse og omsorg",
        selected: true,
        message: SELECTED,
    },
    Application {
        municipality: "Lillehammer kommune",
        name: "Hanne Lie",
        email: "hanne.lie@lillehammer-kommune.example.no",
        title: "Seniorrådgiver",
        selected: false,
        message: NOT_SELECTED,
    },
    Application {
        municipality: "Bodø kommune",
        name: "Knut Pedersen",
        email: "knut.pedersen@bodo-kommune.example.no",
        title: "Enhetsleder",
        selected: false,
        message: NOT_SELECTED,
    },
];

/// Every network of the demo; a parent comes before its children.
const NETWORKS: [NetworkSpec; 8] = [
    SOCIALCHEFER,
    ALDREOMSORG,
    FOREBYGGANDE,
    BRANSCHRAD,
    ALLAGEHUB_NETWORK,
    UTVECKLINGSGRUPP,
    FRISKE_ELDRE,
    FRISKE_ELDRE_KOMMUNER,
];

// ---------------------------------------------------------------------------
// Who came to the Socialchefsnätverket's autumn meetings
// ---------------------------------------------------------------------------

/// Each municipality's social services chief (invented people).
const SOCIALCHIEFS: [(&str, &str); 13] = [
    ("Ale kommun", "Maria Lindström"),
    ("Alingsås kommun", "Johan Berg"),
    ("Göteborgs Stad", "Fatima Hassan"),
    ("Härryda kommun", "Per Åkesson"),
    (KUNGSBACKA, "Eva Sjöberg"),
    ("Kungälvs kommun", "Lars Nyström"),
    ("Lerums kommun", "Anna Holm"),
    ("Lilla Edets kommun", "Erik Dahl"),
    ("Mölndals stad", "Sara Öhman"),
    ("Partille kommun", "Karl Engström"),
    ("Stenungsunds kommun", "Helena Ek"),
    ("Tjörns kommun", "Mikael Strand"),
    ("Öckerö kommun", "Ingela Björk"),
];

/// The meetings that were held (by date, in the series of [`SOCIALCHEFER`])
/// and the municipalities that were not represented; every other chief came
/// and was checked in. Loaded only for meetings that have begun.
const SOCIALCHEFER_ABSENT: [(&str, &[&str]); 3] = [
    ("2026-09-11", &["Tjörns kommun", "Öckerö kommun"]),
    (
        "2026-10-09",
        &[KUNGSBACKA, "Lilla Edets kommun", "Tjörns kommun"],
    ),
    (
        "2026-11-13",
        &[
            "Härryda kommun",
            "Stenungsunds kommun",
            "Tjörns kommun",
            "Öckerö kommun",
        ],
    ),
];

// ---------------------------------------------------------------------------
// Loading
// ---------------------------------------------------------------------------

/// Loads the demo data set and says what it did.
pub async fn demo(cx: &Context) -> anyhow::Result<String> {
    let before = Tally::take(cx).await?;
    let mut loader = Loader {
        cx,
        organisations: HashMap::new(),
        networks: HashMap::new(),
        found: Found::default(),
    };
    for org in organisations() {
        loader.organisation(org).await?;
    }
    for spec in &NETWORKS {
        loader.network(spec).await?;
    }
    loader.attendance().await?;
    loader.project().await?;
    loader.suggestions().await?;
    let after = Tally::take(cx).await?;
    Ok(summary(&before, &after, &loader.found))
}

/// What was looked up and found already there.
#[derive(Debug, Default)]
struct Found {
    organisations: u64,
    networks: u64,
    series: u64,
    events: u64,
}

/// Walks the tables, remembering the ids of what it loaded.
struct Loader<'a> {
    cx: &'a Context,
    organisations: HashMap<&'static str, OrganisationId>,
    networks: HashMap<&'static str, NetworkId>,
    found: Found,
}

impl Loader<'_> {
    async fn organisation(&mut self, org: Org) -> anyhow::Result<()> {
        let model = match organisations::by_name(self.cx, org.name).await? {
            Some(existing) => {
                self.found.organisations += 1;
                existing
            }
            None => organisations::create(
                self.cx,
                NewOrganisation {
                    name: org.name.to_owned(),
                    kind: org.kind,
                    org_number: None,
                    country_code: Some(org.country.to_owned()),
                },
            )
            .await
            .with_context(|| format!("creating organisation {}", org.name))?,
        };
        // Municipalities' invented people have addresses in
        // `{slug}.example.{country}`: that domain proves who belongs to them
        // (and so to the networks they are members of) once they sign in.
        if org.kind == OrganisationKind::Municipality
            && organisations::email_domains(&self.cx.db, OrganisationId(model.id))
                .await?
                .is_empty()
        {
            let domain = format!(
                "{}.example.{}",
                api::text::slugify(org.name),
                org.country.to_lowercase()
            );
            organisations::set_email_domains(self.cx, OrganisationId(model.id), vec![domain])
                .await
                .with_context(|| format!("mail domain of {}", org.name))?;
        }
        self.organisations
            .insert(org.name, OrganisationId(model.id));
        Ok(())
    }

    fn organisation_id(&self, name: &str) -> anyhow::Result<OrganisationId> {
        self.organisations
            .get(name)
            .copied()
            .ok_or_else(|| anyhow!("demo data names an unknown organisation: {name}"))
    }

    fn person(&self, who: &Who) -> anyhow::Result<PersonInput> {
        Ok(PersonInput {
            name: who.name.to_owned(),
            email: who.email.to_owned(),
            title: Some(who.title.to_owned()),
            organisation_id: Some(self.organisation_id(who.organisation)?),
        })
    }

    async fn network(&mut self, spec: &NetworkSpec) -> anyhow::Result<()> {
        let cx = self.cx;
        let model = match networks::by_slug(cx, spec.slug).await? {
            Some(existing) => {
                self.found.networks += 1;
                existing
            }
            None => {
                let parent_id = match spec.parent {
                    Some(slug) => Some(self.networks.get(slug).copied().ok_or_else(|| {
                        anyhow!("network {} is listed before its parent {slug}", spec.slug)
                    })?),
                    None => None,
                };
                networks::create(
                    cx,
                    NewNetwork {
                        name: spec.name.to_owned(),
                        slug: Some(spec.slug.to_owned()),
                        description: spec.description.to_owned(),
                        parent_id,
                        owner_organisation_id: Some(self.organisation_id(spec.owner)?),
                        visibility: spec.visibility,
                        time_zone: Some(spec.time_zone.to_owned()),
                        default_locale: Some(spec.locale.to_owned()),
                        focus_areas: spec.focus_areas.iter().map(|&a| a.to_owned()).collect(),
                    },
                )
                .await
                .with_context(|| format!("creating network {}", spec.slug))?
            }
        };
        let id = NetworkId(model.id);
        self.networks.insert(spec.slug, id);
        for &member in spec.members {
            networks::add_member(cx, id, self.organisation_id(member)?)
                .await
                .with_context(|| format!("adding {member} to {}", spec.slug))?;
        }
        for (who, label) in spec.contacts {
            networks::add_contact(
                cx,
                id,
                ContactInput::New(self.person(who)?),
                Some((*label).to_owned()),
                None,
            )
            .await
            .with_context(|| format!("adding a contact person to {}", spec.slug))?;
        }
        // The demo's contact persons have said yes (`acceptNetworkContact`),
        // so feeds and invitations name them as ORGANIZER.
        network_contact::Entity::update_many()
            .col_expr(
                network_contact::Column::AcceptedAt,
                sea_orm::sea_query::Expr::value(cx.clock.now()),
            )
            .filter(network_contact::Column::NetworkId.eq(id.0))
            .filter(network_contact::Column::AcceptedAt.is_null())
            .exec(&cx.db)
            .await
            .with_context(|| format!("accepting the contact persons of {}", spec.slug))?;
        let zone = parse_time_zone(&model.time_zone)
            .ok_or_else(|| anyhow!("network {} has no valid zone", spec.slug))?;
        for series in spec.series {
            self.series(&model, zone, series).await?;
        }
        for event in spec.events {
            self.event(&model, zone, event).await?;
        }
        Ok(())
    }

    /// The Socialchefsnätverket's past meetings with the chiefs who came
    /// (confirmed and checked in), for the attendance statistics.
    async fn attendance(&mut self) -> anyhow::Result<()> {
        use sea_orm::{ActiveModelTrait, ActiveValue::Set};

        let cx = self.cx;
        let network = self
            .networks
            .get(SOCIALCHEFER.slug)
            .copied()
            .ok_or_else(|| anyhow!("the demo data lost the network {}", SOCIALCHEFER.slug))?;
        let zone = parse_time_zone(SOCIALCHEFER.time_zone)
            .ok_or_else(|| anyhow!("network {} has no valid zone", SOCIALCHEFER.slug))?;
        let Some(series) = SOCIALCHEFER.series.first() else {
            return Ok(());
        };
        let start = time_of_day(series.hours.0)?;
        for (date, absent) in SOCIALCHEFER_ABSENT {
            let starts_at = instant(
                zone,
                local(&format!("{date} 00:00"))?.date().and_time(start),
            )?;
            if starts_at > cx.clock.now() {
                continue;
            }
            let Some(meeting) = event::Entity::find()
                .filter(event::Column::NetworkId.eq(network.0))
                .filter(event::Column::StartsAt.eq(starts_at))
                .one(&cx.db)
                .await?
            else {
                continue;
            };
            let registered_at = starts_at - chrono::Duration::days(7);
            for (municipality, name) in SOCIALCHIEFS {
                if absent.contains(&municipality) {
                    continue;
                }
                let domain = api::text::slugify(municipality);
                let email = format!(
                    "{}@{domain}.example.se",
                    api::text::slugify(name).replace('-', ".")
                );
                let person = api::service::people::find_or_create(
                    cx,
                    "chief",
                    PersonInput {
                        name: name.to_owned(),
                        email,
                        title: Some("Socialchef".to_owned()),
                        organisation_id: Some(self.organisation_id(municipality)?),
                    },
                )
                .await
                .with_context(|| format!("creating the chief of {municipality}"))?;
                let exists = registration::Entity::find()
                    .filter(registration::Column::EventId.eq(meeting.id))
                    .filter(registration::Column::PersonId.eq(person.id))
                    .count(&cx.db)
                    .await?
                    > 0;
                if exists {
                    continue;
                }
                let saved = registration::ActiveModel {
                    id: Set(uuid::Uuid::now_v7()),
                    event_id: Set(meeting.id),
                    person_id: Set(Some(person.id)),
                    organisation_id: Set(person.organisation_id),
                    guest_name: Set(None),
                    guest_email: Set(None),
                    mode: Set(ParticipationMode::InPerson),
                    status: Set(RegistrationStatus::Confirmed),
                    waitlist_position: Set(None),
                    answers: Set(serde_json::json!({})),
                    accessibility_needs: Set(None),
                    dietary_needs: Set(None),
                    consent_text: Set(Some(api::service::registrations::CONSENT_TEXT.to_owned())),
                    consented_at: Set(Some(registered_at)),
                    checked_in_at: Set(Some(starts_at)),
                    cancel_token_hash: Set(None),
                    applying_organisation_id: Set(None),
                    organisation_verified: Set(false),
                    hold_expires_at: Set(None),
                    locale: Set(None),
                    organisation_name: Set(None),
                    decision_message: Set(None),
                    reminder_token: Set(None),
                    reminders_off_at: Set(None),
                    created_at: Set(registered_at),
                    updated_at: Set(starts_at),
                }
                .insert(&cx.db)
                .await?;
                registration_history::ActiveModel {
                    id: Set(uuid::Uuid::now_v7()),
                    registration_id: Set(saved.id),
                    actor_person_id: Set(Some(person.id)),
                    from_status: Set(None),
                    to_status: Set(RegistrationStatus::Confirmed),
                    from_mode: Set(None),
                    to_mode: Set(ParticipationMode::InPerson),
                    note: Set(None),
                    created_at: Set(registered_at),
                }
                .insert(&cx.db)
                .await?;
            }
        }
        Ok(())
    }

    /// Scenario 4's selection: the application event names the project
    /// network, the municipalities' applications (made in the spring of
    /// 2021, so written directly: registration has long closed) are decided
    /// through the service — the selected ones join the project network with
    /// their representatives — and then the autumn gatherings are created,
    /// which registers the representatives for each.
    async fn project(&mut self) -> anyhow::Result<()> {
        use api::service::registrations::{self, Decision};
        use sea_orm::{ActiveModelTrait, ActiveValue::Set};

        let cx = self.cx;
        let lost = |slug: &str| anyhow!("the demo data lost the network {slug}");
        let centre = *self
            .networks
            .get(FRISKE_ELDRE.slug)
            .ok_or_else(|| lost(FRISKE_ELDRE.slug))?;
        let project = networks::get(
            cx,
            *self
                .networks
                .get(FRISKE_ELDRE_KOMMUNER.slug)
                .ok_or_else(|| lost(FRISKE_ELDRE_KOMMUNER.slug))?,
        )
        .await?
        .ok_or_else(|| lost(FRISKE_ELDRE_KOMMUNER.slug))?;
        let Some(application) = event::Entity::find()
            .filter(event::Column::NetworkId.eq(centre.0))
            .filter(event::Column::Title.eq(APPLICATION_TITLE))
            .one(&cx.db)
            .await?
        else {
            return Err(anyhow!("the demo data lost the event {APPLICATION_TITLE}"));
        };
        if application.project_network_id.is_none() {
            events::update(
                cx,
                EventId(application.id),
                events::EventChanges {
                    project_network_id: Some(Some(NetworkId(project.id))),
                    ..events::EventChanges::default()
                },
            )
            .await
            .context("naming the project network")?;
        }
        let zone = parse_time_zone(FRISKE_ELDRE_KOMMUNER.time_zone)
            .ok_or_else(|| anyhow!("network {} has no valid zone", project.slug))?;
        let applied_at = instant(zone, local("2021-04-20 12:00")?)?;
        for applicant in &APPLICATIONS {
            let organisation = self.organisation_id(applicant.municipality)?;
            let person = api::service::people::find_or_create(
                cx,
                "applicant",
                PersonInput {
                    name: applicant.name.to_owned(),
                    email: applicant.email.to_owned(),
                    title: Some(applicant.title.to_owned()),
                    organisation_id: Some(organisation),
                },
            )
            .await
            .with_context(|| format!("the applicant of {}", applicant.municipality))?;
            let existing = registration::Entity::find()
                .filter(registration::Column::EventId.eq(application.id))
                .filter(registration::Column::PersonId.eq(person.id))
                .one(&cx.db)
                .await?;
            let pending = match existing {
                Some(found) if found.status != RegistrationStatus::Pending => continue,
                Some(found) => found,
                None => {
                    let saved = registration::ActiveModel {
                        id: Set(uuid::Uuid::now_v7()),
                        event_id: Set(application.id),
                        person_id: Set(Some(person.id)),
                        organisation_id: Set(Some(organisation.0)),
                        guest_name: Set(None),
                        guest_email: Set(None),
                        mode: Set(ParticipationMode::InPerson),
                        status: Set(RegistrationStatus::Pending),
                        waitlist_position: Set(None),
                        answers: Set(serde_json::json!({})),
                        accessibility_needs: Set(None),
                        dietary_needs: Set(None),
                        consent_text: Set(Some(
                            api::service::registrations::CONSENT_TEXT.to_owned(),
                        )),
                        consented_at: Set(Some(applied_at)),
                        checked_in_at: Set(None),
                        cancel_token_hash: Set(None),
                        applying_organisation_id: Set(Some(organisation.0)),
                        organisation_verified: Set(false),
                        hold_expires_at: Set(None),
                        locale: Set(Some("nb".to_owned())),
                        organisation_name: Set(None),
                        decision_message: Set(None),
                        reminder_token: Set(None),
                        reminders_off_at: Set(None),
                        created_at: Set(applied_at),
                        updated_at: Set(applied_at),
                    }
                    .insert(&cx.db)
                    .await?;
                    registration_history::ActiveModel {
                        id: Set(uuid::Uuid::now_v7()),
                        registration_id: Set(saved.id),
                        actor_person_id: Set(Some(person.id)),
                        from_status: Set(None),
                        to_status: Set(RegistrationStatus::Pending),
                        from_mode: Set(None),
                        to_mode: Set(ParticipationMode::InPerson),
                        note: Set(None),
                        created_at: Set(applied_at),
                    }
                    .insert(&cx.db)
                    .await?;
                    saved
                }
            };
            let decision = if applicant.selected {
                Decision::Approve
            } else {
                Decision::Reject
            };
            registrations::decide(
                cx,
                api::ids::RegistrationId(pending.id),
                decision,
                Some(applicant.message.to_owned()),
            )
            .await
            .with_context(|| format!("deciding the application of {}", applicant.municipality))?;
        }
        self.series(&project, zone, &FRISKE_ELDRE_SAMLINGER).await
    }

    /// Scenario 3's theme suggestions to the Helsingborg group and what
    /// became of them: "digital exclusion" and "mentoring" became working
    /// groups, the others are planned, forwarded, under review or declined.
    /// Sent by guests (invented), published with their follow-ups.
    async fn suggestions(&mut self) -> anyhow::Result<()> {
        use api::service::suggestions::{self, NewSuggestion, StatusChange};
        use entities::{SuggestionStatus, theme_suggestion};

        let cx = self.cx;
        let id = *self
            .networks
            .get(UTVECKLINGSGRUPP.slug)
            .ok_or_else(|| anyhow!("the demo data lost the network {}", UTVECKLINGSGRUPP.slug))?;
        let network = networks::get(cx, id)
            .await?
            .ok_or_else(|| anyhow!("the demo data lost the network {}", UTVECKLINGSGRUPP.slug))?;
        if !network.suggestions_open {
            networks::update(
                cx,
                id,
                networks::NetworkChanges {
                    suggestions_open: Some(true),
                    ..networks::NetworkChanges::default()
                },
            )
            .await
            .context("opening the group for suggestions")?;
        }
        for spec in &SUGGESTIONS {
            let exists = theme_suggestion::Entity::find()
                .filter(theme_suggestion::Column::NetworkId.eq(id.0))
                .filter(theme_suggestion::Column::Title.eq(spec.title))
                .count(&cx.db)
                .await?
                > 0;
            if exists {
                continue;
            }
            let sent = suggestions::suggest(
                cx,
                NewSuggestion {
                    network: id,
                    title: spec.title.to_owned(),
                    description: spec.description.to_owned(),
                    guest: Some((spec.by.0.to_owned(), spec.by.1.to_owned())),
                    locale: None,
                    client: Some("seed".to_owned()),
                },
            )
            .await
            .with_context(|| format!("suggesting {}", spec.title))?;
            let event = match spec.meeting {
                Some(date) => event::Entity::find()
                    .filter(event::Column::NetworkId.eq(id.0))
                    .all(&cx.db)
                    .await?
                    .into_iter()
                    .find(|e| e.starts_at.to_rfc3339().starts_with(date))
                    .map(|e| EventId(e.id)),
                None => None,
            };
            let (forwarded_to, working_group) = match spec.status {
                SuggestionStatus::Forwarded => (Some(spec.to.to_owned()), None),
                SuggestionStatus::WorkingGroup => (None, Some(spec.to.to_owned())),
                _ => (None, None),
            };
            if spec.status != SuggestionStatus::New {
                suggestions::change_status(
                    cx,
                    sent.id,
                    StatusChange {
                        status: spec.status,
                        follow_up: spec.follow_up.to_owned(),
                        follow_up_translations: Vec::new(),
                        event,
                        forwarded_to,
                        working_group,
                    },
                )
                .await
                .with_context(|| format!("following up {}", spec.title))?;
            }
            suggestions::set_published(cx, sent.id, true)
                .await
                .with_context(|| format!("publishing {}", spec.title))?;
        }
        Ok(())
    }

    async fn series(
        &mut self,
        network: &network::Model,
        zone: Tz,
        spec: &SeriesSpec,
    ) -> anyhow::Result<()> {
        let existing = series_entity::Entity::find()
            .filter(series_entity::Column::NetworkId.eq(network.id))
            .filter(series_entity::Column::Title.eq(spec.title))
            .one(&self.cx.db)
            .await?;
        if let Some(existing) = existing {
            self.found.series += 1;
            self.found.events += event::Entity::find()
                .filter(event::Column::SeriesId.eq(existing.id))
                .count(&self.cx.db)
                .await?;
            return Ok(());
        }
        let (from, to) = (time_of_day(spec.hours.0)?, time_of_day(spec.hours.1)?);
        let mut occurrences = Vec::with_capacity(spec.dates.len());
        for date in spec.dates {
            let day = local(&format!("{} 00:00", date.date))?.date();
            occurrences.push(Occurrence {
                starts_at: instant(zone, day.and_time(from))?,
                ends_at: instant(zone, day.and_time(to))?,
                title: date
                    .theme
                    .map(|theme| format!("{} – {theme}", spec.event_title)),
                description: None,
            });
        }
        let starts: Vec<DateTime<Utc>> = occurrences.iter().map(|o| o.starts_at).collect();
        // The template's times are replaced by each occurrence's.
        let first = occurrences
            .first()
            .ok_or_else(|| anyhow!("series {} has no dates", spec.title))?;
        let template = new_event(
            network,
            (spec.event_title, spec.event_description),
            &spec.setup,
            None,
            (first.starts_at, first.ends_at),
        );
        let (_, created) = series::create(
            self.cx,
            NewSeries {
                network_id: NetworkId(network.id),
                title: spec.title.to_owned(),
                description: spec.description.to_owned(),
                template,
                occurrences,
                publish: true,
            },
        )
        .await
        .with_context(|| format!("creating series {}", spec.title))?;
        for (date, starts_at) in spec.dates.iter().zip(starts) {
            let event = created
                .iter()
                .find(|e| e.starts_at == starts_at)
                .ok_or_else(|| anyhow!("series {} lost an occurrence", spec.title))?;
            for talk in date.speakers {
                self.speaker(EventId(event.id), None, talk).await?;
            }
        }
        Ok(())
    }

    async fn event(
        &mut self,
        network: &network::Model,
        zone: Tz,
        spec: &EventSpec,
    ) -> anyhow::Result<()> {
        let starts_at = instant(zone, local(spec.starts)?)?;
        let ends_at = instant(zone, local(spec.ends)?)?;
        // Titles repeat across years; the start tells the events apart.
        let namesakes = event::Entity::find()
            .filter(event::Column::NetworkId.eq(network.id))
            .filter(event::Column::Title.eq(spec.title))
            .all(&self.cx.db)
            .await?;
        if namesakes.iter().any(|e| e.starts_at == starts_at) {
            self.found.events += 1;
            return Ok(());
        }
        let registration = match spec.registration {
            Some((opens, closes)) => Some((
                instant(zone, local(opens)?)?,
                instant(zone, local(closes)?)?,
            )),
            None => None,
        };
        let input = new_event(
            network,
            (spec.title, spec.description),
            &spec.setup,
            registration,
            (starts_at, ends_at),
        );
        let created = events::create(self.cx, input)
            .await
            .with_context(|| format!("creating event {}", spec.title))?;
        let id = EventId(created.id);
        let day = local(spec.starts)?.date();
        for item in spec.agenda {
            let added = agenda::add(
                self.cx,
                id,
                AgendaItemInput {
                    title: item.title.to_owned(),
                    description: item.description.to_owned(),
                    starts_at: Some(instant(zone, day.and_time(time_of_day(item.from)?))?),
                    ends_at: Some(instant(zone, day.and_time(time_of_day(item.to)?))?),
                    room: Some(item.room.to_owned()),
                    translations: Vec::new(),
                },
                None,
            )
            .await
            .with_context(|| format!("adding agenda item {}", item.title))?;
            for talk in item.speakers {
                self.speaker(id, Some(AgendaItemId(added.id)), talk).await?;
            }
        }
        for talk in spec.speakers {
            self.speaker(id, None, talk).await?;
        }
        events::publish(self.cx, id)
            .await
            .with_context(|| format!("publishing event {}", spec.title))?;
        Ok(())
    }

    async fn speaker(
        &self,
        event: EventId,
        item: Option<AgendaItemId>,
        talk: &Talk,
    ) -> anyhow::Result<()> {
        let who = match talk.speaker {
            Speaker::Person(who) => SpeakerWho::NewPerson(self.person(&who)?),
            Speaker::External(name) => SpeakerWho::External {
                name: name.to_owned(),
            },
        };
        speakers::add(
            self.cx,
            NewSpeaker {
                event_id: event,
                agenda_item_id: item,
                who,
                affiliation: Some(talk.affiliation.to_owned()),
                role: Some(talk.role.to_owned()),
                status: talk.status,
                translations: Vec::new(),
            },
        )
        .await
        .context("adding a speaker")?;
        Ok(())
    }
}

/// The service input for an event of `network`: its title and description,
/// how it is held, when registration opens and closes, when it starts and ends.
fn new_event(
    network: &network::Model,
    (title, description): (&str, &str),
    setup: &Setup,
    registration: Option<(DateTime<Utc>, DateTime<Utc>)>,
    (starts_at, ends_at): (DateTime<Utc>, DateTime<Utc>),
) -> NewEvent {
    let venue = setup.venue.map(|p| Venue {
        name: Some(p.name.to_owned()),
        address: Some(p.address.to_owned()),
        city: Some(p.city.to_owned()),
        accessibility: p.accessibility.map(str::to_owned),
    });
    let online = setup.online.map(|l| OnlineMeeting {
        provider: Some(l.provider.to_owned()),
        join_url: Some(l.url.to_owned()),
        instructions: l.instructions.map(str::to_owned),
        ..OnlineMeeting::default()
    });
    NewEvent {
        network_id: NetworkId(network.id),
        series_id: None,
        kind: setup.kind,
        title: title.to_owned(),
        description: description.to_owned(),
        starts_at,
        ends_at,
        time_zone: None,
        attendance_mode: setup.mode,
        members_only: setup.members_only,
        venue,
        online,
        join_link_visibility: Some(setup.join_link),
        capacity_in_person: setup.seats_in_person,
        capacity_online: setup.seats_online,
        guest_confirmation_minutes: None,
        registration_policy: Some(setup.policy),
        registration_opens_at: registration.map(|(opens, _)| opens),
        registration_closes_at: registration.map(|(_, closes)| closes),
        project_network_id: None,
        locale: None,
        translations: Vec::new(),
    }
}

// ---------------------------------------------------------------------------
// Time
// ---------------------------------------------------------------------------

/// A local date and time written "2026-11-26 09:00".
fn local(text: &str) -> anyhow::Result<NaiveDateTime> {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M")
        .with_context(|| format!("demo data has a bad local time: {text:?}"))
}

/// A time of day written "09:00".
fn time_of_day(text: &str) -> anyhow::Result<NaiveTime> {
    NaiveTime::parse_from_str(text, "%H:%M")
        .with_context(|| format!("demo data has a bad time of day: {text:?}"))
}

/// The instant of a local time in `zone`; a time skipped or repeated by a
/// daylight-saving change is refused rather than guessed.
fn instant(zone: Tz, at: NaiveDateTime) -> anyhow::Result<DateTime<Utc>> {
    zone.from_local_datetime(&at)
        .single()
        .map(|t| t.with_timezone(&Utc))
        .ok_or_else(|| anyhow!("{at} does not name one instant in {zone}"))
}

// ---------------------------------------------------------------------------
// The summary
// ---------------------------------------------------------------------------

/// Row counts of the tables the demo writes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Tally([u64; 10]);

/// What each count of a [`Tally`] counts: singular and plural.
const TALLIED: [(&str, &str); 10] = [
    ("organisation", "organisations"),
    ("person", "people"),
    ("network", "networks"),
    ("membership", "memberships"),
    ("contact person", "contact persons"),
    ("series", "series"),
    ("event", "events"),
    ("agenda item", "agenda items"),
    ("speaker", "speakers"),
    ("registration", "registrations"),
];

impl Tally {
    async fn take(cx: &Context) -> anyhow::Result<Self> {
        let db = &cx.db;
        Ok(Self([
            organisation::Entity::find().count(db).await?,
            person::Entity::find().count(db).await?,
            network::Entity::find().count(db).await?,
            network_member::Entity::find().count(db).await?,
            network_contact::Entity::find().count(db).await?,
            series_entity::Entity::find().count(db).await?,
            event::Entity::find().count(db).await?,
            agenda_item::Entity::find().count(db).await?,
            speaker::Entity::find().count(db).await?,
            registration::Entity::find().count(db).await?,
        ]))
    }
}

/// "1 network", "7 networks".
fn count(n: u64, (one, many): (&str, &str)) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The counts that are not zero, as a list; `None` when all are.
fn listing(
    counts: impl IntoIterator<Item = (u64, (&'static str, &'static str))>,
) -> Option<String> {
    let parts: Vec<String> = counts
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, noun)| count(n, noun))
        .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

fn summary(before: &Tally, after: &Tally, found: &Found) -> String {
    let created = listing(
        after
            .0
            .iter()
            .zip(before.0)
            .map(|(a, b)| a.saturating_sub(b))
            .zip(TALLIED),
    );
    let present = listing([
        (found.organisations, TALLIED[0]),
        (found.networks, TALLIED[2]),
        (found.series, TALLIED[5]),
        (found.events, TALLIED[6]),
    ]);
    match (created, present) {
        (None, Some(present)) => {
            format!("demo data already present: nothing changed ({present} found)")
        }
        (None, None) => "demo data: nothing to do".to_owned(),
        (Some(created), None) => format!("demo data: {created} created"),
        (Some(created), Some(present)) => {
            format!("demo data: {created} created; already present: {present}")
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Datelike, Weekday};

    use super::*;

    fn all_names() -> Vec<&'static str> {
        organisations().map(|o| o.name).collect()
    }

    fn all_talks() -> Vec<Talk> {
        let mut talks = Vec::new();
        for n in &NETWORKS {
            for s in n.series {
                for d in s.dates {
                    talks.extend_from_slice(d.speakers);
                }
            }
            for e in n.events {
                talks.extend_from_slice(e.speakers);
                for i in e.agenda {
                    talks.extend_from_slice(i.speakers);
                }
            }
        }
        talks
    }

    #[test]
    fn every_named_organisation_is_loaded_once() {
        let names = all_names();
        for (i, name) in names.iter().enumerate() {
            assert!(!names[..i].contains(name), "{name} twice");
        }
        let mut referenced: Vec<&str> = Vec::new();
        for n in &NETWORKS {
            referenced.push(n.owner);
            referenced.extend(n.members);
            referenced.extend(n.contacts.iter().map(|(w, _)| w.organisation));
        }
        for t in all_talks() {
            if let Speaker::Person(who) = t.speaker {
                referenced.push(who.organisation);
            }
        }
        for name in referenced {
            assert!(names.contains(&name), "{name} is not loaded");
        }
    }

    #[test]
    fn allagehub_partners_are_gr_without_kungsbacka() {
        let expected: Vec<&str> = GR_MUNICIPALITIES
            .into_iter()
            .filter(|&m| m != KUNGSBACKA)
            .collect();
        assert_eq!(ALLAGEHUB_PARTNERS.to_vec(), expected);
        assert_eq!(SOCIALCHEFER.members.len(), 13);
    }

    #[test]
    fn slugs_are_canonical_and_parents_come_first() {
        for (i, n) in NETWORKS.iter().enumerate() {
            assert!(api::text::is_valid_slug(n.slug), "{}", n.slug);
            if let Some(parent) = n.parent {
                assert!(NETWORKS[..i].iter().any(|p| p.slug == parent));
            }
        }
        assert_eq!(
            api::text::slugify(SOCIALCHEFER.name),
            SOCIALCHEFER.slug,
            "the acceptance query asks for the derived slug"
        );
    }

    #[test]
    fn every_time_names_one_instant() {
        for n in &NETWORKS {
            let zone = parse_time_zone(n.time_zone).expect("zone");
            for e in n.events {
                let start = instant(zone, local(e.starts).expect("start")).expect("start");
                let end = instant(zone, local(e.ends).expect("end")).expect("end");
                assert!(start < end, "{}", e.title);
                for i in e.agenda {
                    time_of_day(i.from).expect("from");
                    time_of_day(i.to).expect("to");
                }
            }
            for s in n.series {
                for d in s.dates {
                    local(&format!("{} {}", d.date, s.hours.0)).expect("date");
                }
            }
        }
    }

    #[test]
    fn socialchefer_meet_on_fridays() {
        for d in SOCIALCHEFER.series[0].dates {
            let day = local(&format!("{} 09:00", d.date)).expect("date");
            assert_eq!(day.weekday(), Weekday::Fri, "{}", d.date);
        }
    }

    #[test]
    fn local_times_cross_daylight_saving_correctly() {
        let zone = parse_time_zone("Europe/Stockholm").expect("zone");
        let at = |s: &str| instant(zone, local(s).expect("local")).expect("instant");
        assert_eq!(
            at("2023-10-16 13:00").to_rfc3339(),
            "2023-10-16T11:00:00+00:00"
        );
        assert_eq!(
            at("2023-11-20 13:00").to_rfc3339(),
            "2023-11-20T12:00:00+00:00"
        );
        let oslo = parse_time_zone("Europe/Oslo").expect("zone");
        let deadline = instant(oslo, local("2021-05-01 23:59").expect("local")).expect("instant");
        assert_eq!(deadline.to_rfc3339(), "2021-05-01T21:59:00+00:00");
    }

    #[test]
    fn summary_tells_created_from_present() {
        let zero = Tally([0; 10]);
        let some = Tally([2, 0, 1, 0, 0, 0, 1, 0, 0, 0]);
        assert_eq!(
            summary(&zero, &some, &Found::default()),
            "demo data: 2 organisations, 1 network, 1 event created"
        );
        let found = Found {
            organisations: 2,
            networks: 1,
            ..Found::default()
        };
        assert_eq!(
            summary(&some, &some, &found),
            "demo data already present: nothing changed (2 organisations, 1 network found)"
        );
    }

    /// Loads the demo into a fresh, migrated SQLite file twice.
    #[tokio::test]
    async fn demo_loads_all_scenarios_and_twice_changes_nothing() {
        let dir = std::env::temp_dir().join(format!("traffpunkt-seed-{}", uuid::Uuid::now_v7()));
        let config = api::config::Config::for_tests(
            format!("sqlite://{}?mode=rwc", dir.join("seed.db").display()),
            dir.clone(),
        );
        let (db, _, _) = api::db::connect(&config).await.expect("connect");
        api::db::migrate(&db).await.expect("migrate");
        let cx = Context::system(db, api::clock::Clock::system());

        let first = demo(&cx).await.expect("first run");
        assert!(first.contains("8 networks"), "{first}");
        let after_first = Tally::take(&cx).await.expect("tally");
        let second = demo(&cx).await.expect("second run");
        assert!(second.starts_with("demo data already present"), "{second}");
        assert_eq!(Tally::take(&cx).await.expect("tally"), after_first);

        let social = networks::by_slug(&cx, "socialchefsnatverket")
            .await
            .expect("query")
            .expect("socialchefsnätverket");
        assert_eq!(social.name, "Socialchefsnätverket");
        let members = network_member::Entity::find()
            .filter(network_member::Column::NetworkId.eq(social.id))
            .count(&cx.db)
            .await
            .expect("count");
        assert_eq!(members, 13);
        let group = networks::by_slug(&cx, "gemensam-utvecklingsgrupp")
            .await
            .expect("query")
            .expect("utvecklingsgrupp");
        let dates: Vec<String> = event::Entity::find()
            .filter(event::Column::NetworkId.eq(group.id))
            .all(&cx.db)
            .await
            .expect("events")
            .iter()
            .map(|e| e.starts_at.to_rfc3339())
            .collect();
        assert_eq!(dates.len(), 4);
        assert!(dates.contains(&"2023-09-18T11:00:00+00:00".to_owned()));
        assert!(dates.contains(&"2023-12-18T12:00:00+00:00".to_owned()));
        let _ = std::fs::remove_dir_all(dir);
    }
}
