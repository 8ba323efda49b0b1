//! Networks.

use async_graphql::{Context, ID, InputObject, Object};
use chrono::{DateTime, Utc};
use entities::{event, network, network_member, organisation, series as series_entity};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::super::enums::{AttendanceMode, EventKind, EventStatus, NetworkVisibility};
use super::{
    ConnectionFields, Event, EventConnection, Organisation, OrganisationConnection, Person, Series,
    feed_urls, loaders, service_cx,
};
use crate::calendar::links::webcal;
use crate::graphql::ids::GlobalId;
use crate::graphql::loaders::{ChildrenOf, ContactsOf, SpeakerRow, speaker_rows};
use crate::ids::{EventId, NetworkId, OrganisationId};
use crate::pagination::{List, Page, PageRequest, SortKey, paginate};
use crate::service::events::EventFilter as ServiceEventFilter;
use crate::service::networks::focus_area_list;

/// A network of organisations whose people meet: a closed network of social
/// services chiefs, a standing council, an open development group, a project.
#[derive(Clone)]
pub struct Network(pub network::Model);

/// Narrows a network's events.
#[derive(InputObject, Default, Debug)]
pub struct EventFilter {
    /// Events that end at or after this instant (upcoming: now).
    pub from: Option<DateTime<Utc>>,
    /// Events that start before this instant.
    pub to: Option<DateTime<Utc>>,
    /// Only these kinds.
    pub kinds: Option<Vec<EventKind>>,
    /// Only these statuses.
    pub statuses: Option<Vec<EventStatus>>,
    /// Only these attendance modes.
    pub attendance_modes: Option<Vec<AttendanceMode>>,
    /// Words that must all occur in the title, venue or city; å ä ö ø æ match
    /// their plain letters.
    pub search: Option<String>,
}

impl From<EventFilter> for ServiceEventFilter {
    fn from(f: EventFilter) -> Self {
        Self {
            from: f.from,
            to: f.to,
            kinds: f.kinds.map(|v| v.into_iter().map(Into::into).collect()),
            statuses: f.statuses.map(|v| v.into_iter().map(Into::into).collect()),
            attendance_modes: f
                .attendance_modes
                .map(|v| v.into_iter().map(Into::into).collect()),
            search: f.search,
        }
    }
}

/// A network's contact person ("kontaktperson"), whom participants can write to.
#[derive(Clone)]
pub struct ContactPerson {
    contact: entities::network_contact::Model,
    person: entities::person::Model,
}

/// A network's contact person ("kontaktperson"), whom participants can write to.
#[Object]
impl ContactPerson {
    /// The person.
    async fn person(&self) -> Person {
        Person(self.person.clone())
    }

    /// Name of the contact person.
    async fn name(&self) -> &str {
        &self.person.name
    }

    /// Email address to write to, shown to signed-in viewers (null
    /// otherwise): the address the organiser entered, or the person's own
    /// once they accepted being a contact (`acceptNetworkContact`); null
    /// when neither.
    async fn email(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<&str>> {
        Ok(
            crate::service::policy::can_see_contact_emails(service_cx(ctx)?)
                .then(|| crate::service::networks::contact_address(&self.contact, &self.person))
                .flatten(),
        )
    }

    /// Whether the person has accepted being a contact person.
    async fn accepted(&self) -> bool {
        self.contact.accepted_at.is_some()
    }

    /// Job title.
    async fn title(&self) -> Option<&str> {
        self.person.title.as_deref()
    }

    /// What to contact them about, e.g. "kontaktperson på GR".
    async fn label(&self) -> Option<&str> {
        self.contact.label.as_deref()
    }
}

/// A network of organisations whose people meet: a closed network of social
/// services chiefs, a standing council, an open development group, a project.
#[Object]
impl Network {
    /// Global id.
    pub async fn id(&self) -> ID {
        NetworkId(self.0.id).to_global()
    }

    /// URL-friendly unique name derived from the name, e.g. `socialchefsnatverket`.
    async fn slug(&self) -> &str {
        &self.0.slug
    }

    /// Name, e.g. "Socialchefsnätverket".
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// Free-text description.
    async fn description(&self) -> &str {
        &self.0.description
    }

    /// Open or closed.
    async fn visibility(&self) -> NetworkVisibility {
        self.0.visibility.into()
    }

    /// IANA zone of the network's events by default, e.g. Europe/Stockholm.
    async fn time_zone(&self) -> &str {
        &self.0.time_zone
    }

    /// Default language of texts and mails: sv, nb or en.
    async fn default_locale(&self) -> &str {
        &self.0.default_locale
    }

    /// Focus areas, e.g. from the network's action plan.
    async fn focus_areas(&self) -> Vec<String> {
        focus_area_list(&self.0)
    }

    /// The network this one is a sub-network of.
    async fn parent(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Network>> {
        let Some(parent) = self.0.parent_id else {
            return Ok(None);
        };
        Ok(loaders(ctx)?
            .load_one(NetworkId(parent))
            .await?
            .map(Network))
    }

    /// Sub-networks, by name.
    async fn children(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Network>> {
        Ok(loaders(ctx)?
            .load_one(ChildrenOf(NetworkId(self.0.id)))
            .await?
            .unwrap_or_default()
            .into_iter()
            .map(Network)
            .collect())
    }

    /// The organisation that runs the network.
    async fn owner_organisation(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<Organisation>> {
        let Some(owner) = self.0.owner_organisation_id else {
            return Ok(None);
        };
        Ok(loaders(ctx)?
            .load_one(OrganisationId(owner))
            .await?
            .map(Organisation))
    }

    /// Whether anyone may send the network theme suggestions
    /// (`suggestTheme`, the form on its page).
    async fn suggestions_open(&self) -> bool {
        self.0.suggestions_open
    }

    /// The network's webhook endpoints, oldest first: for its organisers
    /// (and admins); anyone else gets `FORBIDDEN`.
    async fn webhook_endpoints(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<super::WebhookEndpoint>> {
        let cx = service_cx(ctx)?;
        Ok(
            crate::service::webhooks::list(cx, crate::ids::NetworkId(self.0.id))
                .await?
                .into_iter()
                .map(super::WebhookEndpoint)
                .collect(),
        )
    }

    /// Theme suggestions sent to the network, oldest first: all of them for
    /// its organisers (with who sent them), the published ones that are not
    /// withdrawn for everyone else.
    async fn theme_suggestions(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only these states (none: all).")] statuses: Option<
            Vec<crate::graphql::enums::SuggestionStatus>,
        >,
        #[graphql(desc = "Number of items from the start (at most 100).")] first: Option<i32>,
        #[graphql(desc = "Cursor to start after.")] after: Option<String>,
        #[graphql(desc = "Number of items from the end (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Cursor to end before.")] before: Option<String>,
    ) -> async_graphql::Result<super::ThemeSuggestionConnection> {
        use entities::theme_suggestion;
        let cx = service_cx(ctx)?;
        let statuses: Option<Vec<entities::SuggestionStatus>> =
            statuses.map(|s| s.into_iter().map(Into::into).collect());
        let (select, _) = crate::service::suggestions::select(
            cx,
            crate::ids::NetworkId(self.0.id),
            statuses.as_deref(),
        )
        .await?;
        let request = PageRequest {
            first,
            after,
            last,
            before,
        };
        let page = paginate(
            &cx.db,
            List::Suggestions,
            select.clone(),
            theme_suggestion::Column::CreatedAt,
            theme_suggestion::Column::Id,
            &request,
            |s| (SortKey::Time(s.created_at), s.id),
        )
        .await?;
        Ok(super::ThemeSuggestionConnection::from_page(
            page,
            ConnectionFields::counting(cx.db.clone(), select),
            super::ThemeSuggestion,
        ))
    }

    /// Member organisations, by name.
    async fn members(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Number of items from the start (at most 100).")] first: Option<i32>,
        #[graphql(desc = "Cursor to start after.")] after: Option<String>,
        #[graphql(desc = "Number of items from the end (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Cursor to end before.")] before: Option<String>,
    ) -> async_graphql::Result<OrganisationConnection> {
        let cx = service_cx(ctx)?;
        let select = organisation::Entity::find().filter(
            organisation::Column::Id.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(network_member::Column::OrganisationId)
                    .from(network_member::Entity)
                    .and_where(network_member::Column::NetworkId.eq(self.0.id))
                    .to_owned(),
            ),
        );
        let request = PageRequest {
            first,
            after,
            last,
            before,
        };
        let page = paginate(
            &cx.db,
            List::Members,
            select.clone(),
            organisation::Column::Name,
            organisation::Column::Id,
            &request,
            |o| (SortKey::Text(o.name.clone()), o.id),
        )
        .await?;
        Ok(OrganisationConnection::from_page(
            page,
            ConnectionFields::counting(cx.db.clone(), select),
            Organisation,
        ))
    }

    /// Contact persons, in the order the network lists them.
    async fn contacts(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ContactPerson>> {
        Ok(loaders(ctx)?
            .load_one(ContactsOf(NetworkId(self.0.id)))
            .await?
            .unwrap_or_default()
            .into_iter()
            .map(|(contact, person)| ContactPerson { contact, person })
            .collect())
    }

    /// The network's events ordered by start, narrowed by the filter.
    async fn events(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to include.")] filter: Option<EventFilter>,
        #[graphql(desc = "Number of items from the start (at most 100).")] first: Option<i32>,
        #[graphql(desc = "Cursor to start after.")] after: Option<String>,
        #[graphql(desc = "Number of items from the end (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Cursor to end before.")] before: Option<String>,
    ) -> async_graphql::Result<EventConnection> {
        let cx = service_cx(ctx)?;
        let filter: ServiceEventFilter = filter.unwrap_or_default().into();
        let select =
            filter.apply(event::Entity::find().filter(event::Column::NetworkId.eq(self.0.id)))?;
        let select = crate::service::events::only_visible(cx, select).await?;
        events_page(
            ctx,
            List::Events,
            select,
            PageRequest {
                first,
                after,
                last,
                before,
            },
            cx,
        )
        .await
    }

    /// Who holds which role in the network; only its organisers and owners
    /// see this (an empty list for everyone else).
    async fn roles(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<super::RoleAssignment>> {
        let cx = service_cx(ctx)?;
        if !crate::service::policy::manages(cx, NetworkId(self.0.id)).await? {
            return Ok(Vec::new());
        }
        let roles = entities::network_role::Entity::find()
            .filter(entities::network_role::Column::NetworkId.eq(self.0.id))
            .all(&cx.db)
            .await
            .map_err(crate::service::Error::from)?;
        Ok(roles.into_iter().map(super::RoleAssignment).collect())
    }

    /// The network's series, by title.
    async fn series(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Series>> {
        let cx = service_cx(ctx)?;
        let rows = series_entity::Entity::find()
            .filter(series_entity::Column::NetworkId.eq(self.0.id))
            .order_by_asc(series_entity::Column::Title)
            .limit(500)
            .all(&cx.db)
            .await
            .map_err(crate::service::Error::from)?;
        Ok(rows.into_iter().map(Series).collect())
    }

    /// The network's calendar feed (iCalendar over https, from `PUBLIC_URL`)
    /// to subscribe to in Outlook, Google Calendar or Apple Calendar: the
    /// events a visitor who is not signed in may see: upcoming ones and those
    /// that ended in the last 90 days (by default; `TRAFFPUNKT_FEED_PAST_DAYS`).
    /// Cancelled ones stay a while, marked cancelled, so that calendars remove
    /// them.
    async fn calendar_url(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Add the events of the sub-networks (at any depth).",
            default = false
        )]
        include_children: bool,
    ) -> async_graphql::Result<String> {
        Ok(feed_urls(ctx)?.network(&self.0.slug, include_children))
    }

    /// The same feed as `calendarUrl` as a `webcal://` link: opening it starts
    /// the calendar application's subscribe dialog.
    async fn webcal_url(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Add the events of the sub-networks (at any depth).",
            default = false
        )]
        include_children: bool,
    ) -> async_graphql::Result<String> {
        Ok(webcal(
            &feed_urls(ctx)?.network(&self.0.slug, include_children),
        ))
    }

    /// Attendance at the network's events over a period, per event and per
    /// organisation (municipality): "which municipalities were represented at
    /// the last three meetings?" is `attendance(last: 3)`. For organisers,
    /// and for the admitted representatives of a project network (without
    /// `includeChildren`; organisations and counts only, names guests wrote
    /// count as unknown for them).
    /// Counts the published events that start in the window (`from`, default
    /// the beginning, to before `to`, default now), with `last` only the
    /// last that many; counts confirmed registrations, and at events where
    /// participants were checked in only the checked-in ones.
    async fn attendance(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only the last this many events of the window (at least 1).")]
        last: Option<i32>,
        #[graphql(desc = "Events that start at or after this instant.")] from: Option<
            DateTime<Utc>,
        >,
        #[graphql(desc = "Events that start before this instant (default: now).")] to: Option<
            DateTime<Utc>,
        >,
        #[graphql(
            desc = "Add the events of the sub-networks (at any depth).",
            default = false
        )]
        include_children: bool,
    ) -> async_graphql::Result<super::Attendance> {
        let period = super::attendance_period(last, from, to)?;
        let scope = crate::service::attendance::Scope::Network {
            id: NetworkId(self.0.id),
            include_children,
        };
        Ok(
            crate::service::attendance::attendance(service_cx(ctx)?, scope, period)
                .await?
                .into(),
        )
    }

    /// When the network was created.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    /// When the network was last changed.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

/// One page of events ordered by `(startsAt, id)`, with the relations the
/// query selects loaded up front: one query per relation for the whole page,
/// however the resolvers later interleave.
pub async fn events_page(
    ctx: &Context<'_>,
    list: List,
    select: sea_orm::Select<event::Entity>,
    request: PageRequest,
    cx: &crate::service::Context,
) -> async_graphql::Result<EventConnection> {
    use crate::graphql::loaders::{CountsOf, feed_speakers};
    use crate::service::seats::{EventWithCounts, with_seat_counts};
    use entities::by_position::ReadByPosition;
    let db = &cx.db;
    let (page, speakers) = if selects(ctx, &["seats"]) {
        // The seats' counts come with the page, in its statement.
        let (page, speakers) = read_page(
            ctx,
            list,
            select.clone(),
            &request,
            |row: &EventWithCounts| (SortKey::Time(row.event.starts_at), row.event.id),
            |page| with_seat_counts(page).all(db),
        )
        .await?;
        loaders(ctx)?
            .feed_many(page.items.iter().map(|(_, row)| {
                (
                    CountsOf(EventId(row.event.id)),
                    row.counts.per_mode_and_status(),
                )
            }))
            .await;
        (page.map(|row| row.event), speakers)
    } else {
        read_page(
            ctx,
            list,
            select.clone(),
            &request,
            |e: &event::Model| (SortKey::Time(e.starts_at), e.id),
            |page| page.all_by_position(db),
        )
        .await?
    };
    if let Some(rows) = speakers {
        let events = page.items.iter().map(|(_, e)| EventId(e.id));
        feed_speakers(loaders(ctx)?, events, rows).await;
    }
    let events: Vec<&event::Model> = page.items.iter().map(|(_, e)| e).collect();
    prefetch_events(ctx, &events).await?;
    Ok(EventConnection::from_page(
        page,
        ConnectionFields::counting(cx.db.clone(), select),
        Event,
    ))
}

/// A page of events read by `rows` from the page's statement and, when the
/// selection asks for them, its events' speakers read beside it: by the
/// page's own choice of ids rather than by the ids it returns, so that both
/// take one round trip to the database instead of one after the other.
async fn read_page<R, Fut>(
    ctx: &Context<'_>,
    list: List,
    select: sea_orm::Select<event::Entity>,
    request: &PageRequest,
    key_of: impl Fn(&R) -> (SortKey, uuid::Uuid),
    rows: impl FnOnce(sea_orm::Select<event::Entity>) -> Fut,
) -> async_graphql::Result<(Page<R>, Option<Vec<SpeakerRow>>)>
where
    Fut: Future<Output = Result<Vec<R>, sea_orm::DbErr>>,
{
    let db = &service_cx(ctx)?.db;
    let wants_speakers = selects(ctx, &["speakers"]);
    let mut speakers = None;
    let slot = &mut speakers;
    let page = crate::pagination::paginate_ids_first_as(
        list,
        select,
        event::Column::StartsAt,
        event::Column::Id,
        request,
        key_of,
        |page, ids| async move {
            let speakers = async {
                if !wants_speakers {
                    return Ok(None);
                }
                let of_page = crate::db::one_of_ids(
                    db.get_database_backend(),
                    (
                        entities::speaker::Entity,
                        entities::speaker::Column::EventId,
                    ),
                    ids,
                );
                speaker_rows(db, of_page).await.map(Some)
            };
            let (rows, speakers) = tokio::try_join!(rows(page), speakers)?;
            *slot = speakers;
            Ok(rows)
        },
    )
    .await?;
    Ok((page, speakers))
}

/// Whether the connection's nodes select the field at `path`.
fn selects(ctx: &Context<'_>, path: &[&str]) -> bool {
    let look = ctx.look_ahead();
    [look.field("edges").field("node"), look.field("nodes")]
        .into_iter()
        .any(|root| path.iter().fold(root, |l, name| l.field(name)).exists())
}

async fn prefetch_events(ctx: &Context<'_>, events: &[&event::Model]) -> async_graphql::Result<()> {
    use crate::graphql::loaders::{AgendaOf, CountsOf, speakers_of};
    use crate::ids::{EventId, PersonId, SeriesId};

    if events.is_empty() {
        return Ok(());
    }
    let loaders = loaders(ctx)?;
    let networks = async {
        if selects(ctx, &["network"]) {
            loaders
                .load_many(events.iter().map(|e| NetworkId(e.network_id)))
                .await?;
        }
        Ok::<_, async_graphql::Error>(())
    };
    let series = async {
        if selects(ctx, &["series"]) {
            loaders
                .load_many(events.iter().filter_map(|e| e.series_id.map(SeriesId)))
                .await?;
        }
        Ok::<_, async_graphql::Error>(())
    };
    let agenda = async {
        if selects(ctx, &["agenda"]) {
            let loaded = loaders
                .load_many(events.iter().map(|e| AgendaOf(EventId(e.id))))
                .await?;
            return Ok::<_, async_graphql::Error>(
                loaded
                    .into_values()
                    .flatten()
                    .flat_map(|(_, speakers)| speakers)
                    .collect::<Vec<_>>(),
            );
        }
        Ok(Vec::new())
    };
    // Their people and organisations come with them (`speakers_of`).
    let speakers = async {
        if selects(ctx, &["speakers"]) {
            let ids: Vec<EventId> = events.iter().map(|e| EventId(e.id)).collect();
            speakers_of(loaders, ids).await?;
        }
        Ok::<_, async_graphql::Error>(())
    };
    let seats = async {
        if selects(ctx, &["seats"]) {
            loaders
                .load_many(events.iter().map(|e| CountsOf(EventId(e.id))))
                .await?;
        }
        Ok::<_, async_graphql::Error>(())
    };
    let ((), (), (), agenda_speakers, ()) =
        tokio::try_join!(networks, series, seats, agenda, speakers)?;
    if !selects(ctx, &["agenda", "speakers", "person"]) {
        return Ok(());
    }
    let people = loaders
        .load_many(
            agenda_speakers
                .iter()
                .filter_map(|s| s.person_id.map(PersonId)),
        )
        .await?;
    let wants_organisation = selects(ctx, &["agenda", "speakers", "person", "organisation"]);
    if wants_organisation {
        loaders
            .load_many(
                people
                    .values()
                    .filter_map(|p| p.organisation_id.map(OrganisationId)),
            )
            .await?;
    }
    Ok(())
}
