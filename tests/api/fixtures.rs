//! Builders for test data. They go through the services (the same rules as
//! the API), so a fixture can never be a state the API would refuse.

use api::graphql::ids::GlobalId;
use api::ids::{EventId, NetworkId, OrganisationId};
use api::service::events::{NewEvent, OnlineMeeting, Venue};
use api::service::networks::NewNetwork;
use api::service::organisations::NewOrganisation;
use api::service::{events, networks, organisations};
use chrono::{DateTime, Duration, Utc};
use entities::{
    AttendanceMode, EventKind, JoinLinkVisibility, NetworkVisibility, RegistrationPolicy, event,
    network, organisation,
};

use crate::helpers::{TestApp, test_now};

/// Creates an organisation.
pub async fn organisation(app: &TestApp, name: &str) -> organisation::Model {
    organisations::create(
        &app.cx(),
        NewOrganisation {
            name: name.to_owned(),
            kind: entities::OrganisationKind::Municipality,
            org_number: None,
            country_code: Some("SE".into()),
        },
    )
    .await
    .expect("organisation")
}

/// Builds a network.
pub struct NetworkBuilder {
    input: NewNetwork,
}

impl NetworkBuilder {
    /// An open network in Europe/Stockholm.
    pub fn new(name: &str) -> Self {
        Self {
            input: NewNetwork {
                name: name.to_owned(),
                slug: None,
                description: String::new(),
                parent_id: None,
                owner_organisation_id: None,
                visibility: NetworkVisibility::Open,
                time_zone: None,
                default_locale: None,
                focus_areas: Vec::new(),
            },
        }
    }

    /// A closed (members-only) network.
    pub fn closed(mut self) -> Self {
        self.input.visibility = NetworkVisibility::Closed;
        self
    }

    /// With another default language (`nb`, `en`).
    pub fn locale(mut self, locale: &str) -> Self {
        self.input.default_locale = Some(locale.to_owned());
        self
    }

    /// In another zone.
    pub fn time_zone(mut self, zone: &str) -> Self {
        self.input.time_zone = Some(zone.to_owned());
        self
    }

    /// A sub-network of `parent`.
    pub fn parent(mut self, parent: &network::Model) -> Self {
        self.input.parent_id = Some(NetworkId(parent.id));
        self
    }

    /// Stores it.
    pub async fn insert(self, app: &TestApp) -> network::Model {
        networks::create(&app.cx(), self.input)
            .await
            .expect("network")
    }
}

/// Builds an event.
pub struct EventBuilder {
    input: NewEvent,
    publish: bool,
}

impl EventBuilder {
    /// A two-hour in-person meeting a week after "now", as a draft.
    pub fn new(network: &network::Model) -> Self {
        let starts_at = test_now() + Duration::days(7);
        Self {
            input: NewEvent {
                network_id: NetworkId(network.id),
                series_id: None,
                kind: EventKind::Meeting,
                title: "Nätverksträff".into(),
                description: String::new(),
                starts_at,
                ends_at: starts_at + Duration::hours(2),
                time_zone: None,
                attendance_mode: AttendanceMode::InPerson,
                members_only: None,
                venue: None,
                online: None,
                join_link_visibility: None,
                capacity_in_person: None,
                capacity_online: None,
                guest_confirmation_minutes: None,
                registration_policy: Some(RegistrationPolicy::Required),
                registration_opens_at: None,
                registration_closes_at: None,
                project_network_id: None,
                locale: None,
                translations: Vec::new(),
            },
            publish: false,
        }
    }

    /// How participants sign up (e.g. by application).
    pub fn policy(mut self, policy: RegistrationPolicy) -> Self {
        self.input.registration_policy = Some(policy);
        self
    }

    /// Title.
    pub fn title(mut self, title: &str) -> Self {
        self.input.title = title.to_owned();
        self
    }

    /// Description.
    pub fn description(mut self, description: &str) -> Self {
        self.input.description = description.to_owned();
        self
    }

    /// Start and end.
    pub fn times(mut self, starts_at: DateTime<Utc>, ends_at: DateTime<Utc>) -> Self {
        self.input.starts_at = starts_at;
        self.input.ends_at = ends_at;
        self
    }

    /// Only for the network's members (or, with `false`, for everyone).
    pub fn members_only(mut self, members_only: bool) -> Self {
        self.input.members_only = Some(members_only);
        self
    }

    /// Kind.
    pub fn kind(mut self, kind: EventKind) -> Self {
        self.input.kind = kind;
        self
    }

    /// Start; keeps the duration.
    pub fn starts_at(mut self, at: DateTime<Utc>) -> Self {
        let length = self.input.ends_at - self.input.starts_at;
        self.input.starts_at = at;
        self.input.ends_at = at + length;
        self
    }

    /// A hybrid event at a venue with a Webex link.
    pub fn hybrid(mut self, visibility: JoinLinkVisibility) -> Self {
        self.input.attendance_mode = AttendanceMode::Hybrid;
        self.input.venue = Some(Venue {
            name: Some("Fontänhuset Helsingborg".into()),
            address: Some("Norra Strandgatan 8".into()),
            city: Some("Helsingborg".into()),
            accessibility: Some("Entré i gatuplan, hörslinga".into()),
        });
        self.input.online = Some(OnlineMeeting {
            provider: Some("Webex".into()),
            join_url: Some("https://helsingborg.webex.com/meet/utveckling".into()),
            ..OnlineMeeting::default()
        });
        self.input.join_link_visibility = Some(visibility);
        self
    }

    /// Another join link (with `hybrid`).
    pub fn join_url(mut self, url: &str) -> Self {
        if let Some(online) = self.input.online.as_mut() {
            online.join_url = Some(url.to_owned());
        }
        self
    }

    /// Seats per mode (`None`: unlimited).
    pub fn capacity(mut self, in_person: Option<i32>, online: Option<i32>) -> Self {
        self.input.capacity_in_person = in_person;
        self.input.capacity_online = online;
        self
    }

    /// Registration opens at `at` (instead of at once).
    pub fn registration_opens_at(mut self, at: DateTime<Utc>) -> Self {
        self.input.registration_opens_at = Some(at);
        self
    }

    /// Published at once.
    pub fn published(mut self) -> Self {
        self.publish = true;
        self
    }

    /// Stores it.
    pub async fn insert(self, app: &TestApp) -> event::Model {
        let cx = app.cx();
        let created = events::create(&cx, self.input).await.expect("event");
        if self.publish {
            events::publish(&cx, EventId(created.id))
                .await
                .expect("publish")
        } else {
            created
        }
    }
}

/// Adds a contact person to a network ("kontaktperson").
pub async fn contact(app: &TestApp, network: &network::Model, name: &str, email: &str) {
    networks::add_contact(
        &app.cx(),
        NetworkId(network.id),
        networks::ContactInput::New(api::service::people::PersonInput {
            name: name.to_owned(),
            email: email.to_owned(),
            title: None,
            organisation_id: None,
        }),
        Some("kontaktperson".to_owned()),
        None,
    )
    .await
    .expect("contact person");
}

/// Adds a contact person who then accepts being one (signed in, through
/// `acceptNetworkContact`): only then do calendars name them `ORGANIZER`.
pub async fn accepted_contact(app: &TestApp, network: &network::Model, name: &str, email: &str) {
    contact(app, network, name, email).await;
    let token = app.sign_in(email).await;
    let accepted = app
        .gql_ok_as(
            Some(&token),
            "mutation($n: ID!) { acceptNetworkContact(input: { networkId: $n }) { userErrors { code } } }",
            serde_json::json!({ "n": network_gid(network) }),
        )
        .await;
    assert_eq!(
        accepted["acceptNetworkContact"]["userErrors"],
        serde_json::json!([]),
        "{accepted}"
    );
}

/// The global id of a network.
pub fn network_gid(network: &network::Model) -> String {
    NetworkId(network.id).to_global().0
}

/// The global id of an event.
pub fn event_gid(event: &event::Model) -> String {
    EventId(event.id).to_global().0
}

/// The global id of an organisation.
pub fn organisation_gid(org: &organisation::Model) -> String {
    OrganisationId(org.id).to_global().0
}

/// Gives `email` (created if new) a role in `network` and signs them in.
pub async fn signed_in_with_role(
    app: &TestApp,
    network: &network::Model,
    email: &str,
    role: entities::NetworkRole,
) -> String {
    api::service::networks::set_role(
        &app.cx(),
        NetworkId(network.id),
        api::service::networks::RoleHolder::New(api::service::people::PersonInput {
            name: email.split('@').next().unwrap_or(email).to_owned(),
            email: email.to_owned(),
            title: None,
            organisation_id: None,
        }),
        role,
    )
    .await
    .expect("role");
    app.sign_in(email).await
}

/// A confirmed registration of the person with `email` (registration itself
/// is not part of the API yet, so it is written directly).
pub async fn confirmed_registration(app: &TestApp, event: &event::Model, email: &str) {
    use sea_orm::{ActiveModelTrait, ActiveValue::Set};
    let person = api::service::people::by_email(&app.cx(), email)
        .await
        .expect("lookup")
        .expect("person exists");
    entities::registration::ActiveModel {
        id: Set(uuid::Uuid::now_v7()),
        event_id: Set(event.id),
        person_id: Set(Some(person.id)),
        organisation_id: Set(None),
        guest_name: Set(None),
        guest_email: Set(None),
        mode: Set(entities::ParticipationMode::Online),
        status: Set(entities::RegistrationStatus::Confirmed),
        waitlist_position: Set(None),
        answers: Set(serde_json::json!({})),
        accessibility_needs: Set(Some("Hörslinga".into())),
        dietary_needs: Set(None),
        consent_text: Set(None),
        consented_at: Set(None),
        checked_in_at: Set(None),
        cancel_token_hash: Set(None),
        applying_organisation_id: Set(None),
        organisation_verified: Set(false),
        hold_expires_at: Set(None),
        locale: Set(None),
        organisation_name: Set(None),
        decision_message: Set(None),
        reminder_token: Set(None),
        reminders_off_at: Set(None),
        created_at: Set(test_now()),
        updated_at: Set(test_now()),
    }
    .insert(app.db())
    .await
    .expect("registration");
}
