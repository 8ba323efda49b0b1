//! Cursor pagination through one helper: keyset on `(sort key, id)`, fetching
//! `limit + 1` rows to know whether another page exists. Cursors are opaque:
//! base64 of the list they come from, the sort key and the id, sealed with a
//! checksum. A malformed or altered cursor, or one from another list (a
//! `networks` cursor given to `events(after:)`), is an input error
//! (`BAD_USER_INPUT`), never silently read as a position in this list.
//!
//! The checksum is not a secret MAC: it catches cursors that were edited or
//! cut short, not a client that rebuilds one on purpose. Such a client gains
//! nothing: a cursor only says where a page starts, and every list filters
//! by what its viewer may see whatever the cursor says.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sea_orm::sea_query::{Expr, ExprTrait, IntoColumnRef, SelectStatement};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, Order, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait, Select, Value,
};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::service::{Error, ErrorCode};

/// The list a cursor belongs to: one per connection field, so a cursor of
/// one list is refused by every other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum List {
    /// `Query.networks`: networks by name.
    Networks,
    /// `Query.organisations`: organisations by name.
    Organisations,
    /// `Network.members`: a network's member organisations by name.
    Members,
    /// `Network.events`: a network's events by start.
    Events,
    /// `Series.events`: a series' occurrences by start.
    SeriesEvents,
    /// `Event.registrations`: an event's registrations, oldest first.
    Registrations,
    /// `Network.themeSuggestions`: a network's suggestions, oldest first.
    Suggestions,
    /// `WebhookEndpoint.deliveries`: an endpoint's deliveries, oldest first.
    WebhookDeliveries,
}

impl List {
    /// The name written into the cursor.
    pub const fn as_str(self) -> &'static str {
        match self {
            List::Networks => "networks",
            List::Organisations => "organisations",
            List::Members => "members",
            List::Events => "events",
            List::SeriesEvents => "series-events",
            List::Registrations => "registrations",
            List::Suggestions => "suggestions",
            List::WebhookDeliveries => "webhook-deliveries",
        }
    }
}

/// Version of the cursor format; cursors of other versions are refused.
const CURSOR_VERSION: &str = "c2";
/// Bytes of the SHA-256 checksum kept at the end of a cursor.
const CHECKSUM_BYTES: usize = 8;

fn checksum(raw: &[u8]) -> [u8; CHECKSUM_BYTES] {
    let digest = Sha256::new()
        .chain_update(b"traffpunkt cursor\0")
        .chain_update(raw)
        .finalize();
    let mut sum = [0; CHECKSUM_BYTES];
    sum.copy_from_slice(&digest[..CHECKSUM_BYTES]);
    sum
}

/// Why a cursor was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
enum CursorError {
    /// Not a cursor of ours (or altered).
    Malformed,
    /// A well-formed cursor of another list (named).
    Foreign(String),
}

/// Largest page a client may ask for.
pub const MAX_PAGE: u64 = 100;
/// Page size when the client names none.
pub const DEFAULT_PAGE: u64 = 20;

/// What the client asked for (Relay arguments).
#[derive(Debug, Clone, Default)]
pub struct PageRequest {
    /// Items after the cursor, from the start.
    pub first: Option<i32>,
    /// Cursor to start after.
    pub after: Option<String>,
    /// Items before the cursor, from the end.
    pub last: Option<i32>,
    /// Cursor to end before.
    pub before: Option<String>,
}

/// One page of items with their cursors.
#[derive(Debug, Clone)]
pub struct Page<T> {
    /// Items with their cursors, in order.
    pub items: Vec<(String, T)>,
    /// Whether items exist before the first one.
    pub has_previous_page: bool,
    /// Whether items exist after the last one.
    pub has_next_page: bool,
}

impl<T> Page<T> {
    /// The same page with each item turned into another.
    pub fn map<U>(self, mut f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self
                .items
                .into_iter()
                .map(|(cursor, item)| (cursor, f(item)))
                .collect(),
            has_previous_page: self.has_previous_page,
            has_next_page: self.has_next_page,
        }
    }
}

/// The sort key of a keyset: a timestamp or a text.
#[derive(Debug, Clone, PartialEq)]
pub enum SortKey {
    /// An instant (events by start).
    Time(chrono::DateTime<chrono::Utc>),
    /// A text (networks, organisations by name).
    Text(String),
}

impl SortKey {
    fn encode(&self, list: List, id: Uuid) -> String {
        let list = list.as_str();
        let raw = match self {
            SortKey::Time(t) => {
                format!("{CURSOR_VERSION}|{list}|t|{}|{id}", t.timestamp_micros())
            }
            SortKey::Text(s) => format!("{CURSOR_VERSION}|{list}|s|{id}|{s}"),
        };
        let mut bytes = raw.into_bytes();
        let sum = checksum(&bytes);
        bytes.extend_from_slice(&sum);
        URL_SAFE_NO_PAD.encode(bytes)
    }

    fn decode(cursor: &str, list: List) -> Result<(SortKey, Uuid), CursorError> {
        let bytes = URL_SAFE_NO_PAD
            .decode(cursor)
            .map_err(|_| CursorError::Malformed)?;
        let split = bytes
            .len()
            .checked_sub(CHECKSUM_BYTES)
            .ok_or(CursorError::Malformed)?;
        let (raw, sum) = bytes.split_at(split);
        if checksum(raw) != sum {
            return Err(CursorError::Malformed);
        }
        let raw = std::str::from_utf8(raw).map_err(|_| CursorError::Malformed)?;
        let mut parts = raw.splitn(4, '|');
        let (Some(CURSOR_VERSION), Some(name), Some(kind), Some(rest)) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(CursorError::Malformed);
        };
        if name != list.as_str() {
            return Err(CursorError::Foreign(name.to_owned()));
        }
        Self::decode_key(kind, rest).ok_or(CursorError::Malformed)
    }

    fn decode_key(kind: &str, rest: &str) -> Option<(SortKey, Uuid)> {
        match kind {
            "t" => {
                let (micros, id) = rest.split_once('|')?;
                let at = chrono::DateTime::from_timestamp_micros(micros.parse().ok()?)?;
                Some((SortKey::Time(at), id.parse().ok()?))
            }
            "s" => {
                let (id, text) = rest.split_once('|')?;
                Some((SortKey::Text(text.to_owned()), id.parse().ok()?))
            }
            _ => None,
        }
    }

    fn value(&self) -> Value {
        match self {
            SortKey::Time(t) => (*t).into(),
            SortKey::Text(s) => s.clone().into(),
        }
    }
}

fn bad_cursor(arg: &str, list: List, err: CursorError) -> Error {
    let message = match err {
        CursorError::Malformed => format!("{arg} is not a cursor of this list (or was altered)"),
        CursorError::Foreign(other) => format!(
            "{arg} is a cursor of the list {other:?}, not of {:?}",
            list.as_str()
        ),
    };
    Error::field(arg, ErrorCode::Invalid, message)
}

fn keyset(
    key_col: impl ColumnTrait,
    id_col: impl ColumnTrait,
    key: &SortKey,
    id: Uuid,
    forward: bool,
) -> Condition {
    let key_expr = Expr::col(key_col.into_column_ref());
    let (key_cmp, id_cmp) = if forward {
        (
            key_expr.clone().gt(key.value()),
            Expr::col(id_col.into_column_ref()).gt(id),
        )
    } else {
        (
            key_expr.clone().lt(key.value()),
            Expr::col(id_col.into_column_ref()).lt(id),
        )
    };
    Condition::any().add(key_cmp).add(
        Condition::all()
            .add(ExprTrait::eq(key_expr, key.value()))
            .add(id_cmp),
    )
}

/// Runs one page of `select`, ordered by `(key_col, id_col)` ascending.
/// `key_of` reads the sort key and id of a row.
pub async fn paginate<E, C>(
    db: &C,
    list: List,
    select: Select<E>,
    key_col: E::Column,
    id_col: E::Column,
    request: &PageRequest,
    key_of: impl Fn(&E::Model) -> (SortKey, Uuid),
) -> Result<Page<E::Model>, Error>
where
    E: EntityTrait,
    C: ConnectionTrait,
{
    page_of(
        list,
        select,
        key_col,
        id_col,
        request,
        key_of,
        false,
        |s, _| s.all(db),
    )
    .await
}

/// [`paginate`] for lists whose filter an index can judge alone: the page's
/// ids are chosen first (`id IN (SELECT id … ORDER BY … LIMIT n)`), so rows
/// that the filter drops are never read from the table, only their index
/// entries (PostgreSQL: an index-only scan of a covering index, such as
/// `ix_events_network_starts_covering` for a network's events, which skips
/// the network's past events in the index). Still one statement, whose rows
/// `read` fetches as it wants: it may add columns (an event's seat counts
/// from a joined table, say) and read each row as an `R`, so that a page
/// and what each of its rows needs come in one statement. Its second
/// argument is the subquery that chooses the page's ids (one more than the
/// page, for `has_next_page`), for reading related rows beside the page.
pub async fn paginate_ids_first_as<E, R, Fut>(
    list: List,
    select: Select<E>,
    key_col: E::Column,
    id_col: E::Column,
    request: &PageRequest,
    key_of: impl Fn(&R) -> (SortKey, Uuid),
    read: impl FnOnce(Select<E>, SelectStatement) -> Fut,
) -> Result<Page<R>, Error>
where
    E: EntityTrait,
    Fut: Future<Output = Result<Vec<R>, sea_orm::DbErr>>,
{
    page_of(list, select, key_col, id_col, request, key_of, true, read).await
}

#[expect(
    clippy::too_many_arguments,
    reason = "the public entry points differ only in the last two"
)]
async fn page_of<E, R, Fut>(
    list: List,
    select: Select<E>,
    key_col: E::Column,
    id_col: E::Column,
    request: &PageRequest,
    key_of: impl Fn(&R) -> (SortKey, Uuid),
    ids_first: bool,
    read: impl FnOnce(Select<E>, SelectStatement) -> Fut,
) -> Result<Page<R>, Error>
where
    E: EntityTrait,
    Fut: Future<Output = Result<Vec<R>, sea_orm::DbErr>>,
{
    let mut select = select;
    for (arg, value) in [("first", request.first), ("last", request.last)] {
        if let Some(n) = value
            && (n < 0 || n as u64 > MAX_PAGE)
        {
            return Err(Error::field(
                arg,
                ErrorCode::OutOfRange,
                format!("{arg} must be between 0 and {MAX_PAGE}"),
            ));
        }
    }
    if request.first.is_some() && request.last.is_some() {
        return Err(Error::field(
            "last",
            ErrorCode::Invalid,
            "give first or last, not both",
        ));
    }
    if let Some(after) = &request.after {
        let (key, id) = SortKey::decode(after, list).map_err(|e| bad_cursor("after", list, e))?;
        select = select.filter(keyset(key_col, id_col, &key, id, true));
    }
    if let Some(before) = &request.before {
        let (key, id) = SortKey::decode(before, list).map_err(|e| bad_cursor("before", list, e))?;
        select = select.filter(keyset(key_col, id_col, &key, id, false));
    }
    let backwards = request.last.is_some();
    let limit = request
        .last
        .or(request.first)
        .map_or(DEFAULT_PAGE, |n| n as u64);
    let order = if backwards { Order::Desc } else { Order::Asc };
    let page = select
        .order_by(key_col, order.clone())
        .order_by(id_col, order.clone())
        .limit(limit + 1);
    let ids = page.clone().select_only().column(id_col).into_query();
    let statement = if ids_first {
        E::find()
            .filter(id_col.in_subquery(ids.clone()))
            .order_by(key_col, order.clone())
            .order_by(id_col, order)
    } else {
        page
    };
    let mut rows = read(statement, ids).await?;
    let more = rows.len() as u64 > limit;
    rows.truncate(limit as usize);
    if backwards {
        rows.reverse();
    }
    let items = rows
        .into_iter()
        .map(|row| {
            let (key, id) = key_of(&row);
            (key.encode(list, id), row)
        })
        .collect();
    Ok(Page {
        items,
        has_previous_page: if backwards {
            more
        } else {
            request.after.is_some()
        },
        has_next_page: if backwards {
            request.before.is_some()
        } else {
            more
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip() {
        let id = Uuid::now_v7();
        let at = chrono::DateTime::from_timestamp_micros(1_700_000_000_123_456).expect("valid");
        let key = SortKey::Time(at);
        assert_eq!(
            SortKey::decode(&key.encode(List::Events, id), List::Events),
            Ok((key, id))
        );
        let key = SortKey::Text("Mölndal | stad".into());
        assert_eq!(
            SortKey::decode(&key.encode(List::Networks, id), List::Networks),
            Ok((key, id))
        );
        assert_eq!(
            SortKey::decode("not a cursor", List::Events),
            Err(CursorError::Malformed)
        );
        assert_eq!(
            SortKey::decode("", List::Events),
            Err(CursorError::Malformed)
        );
    }

    #[test]
    fn cursors_name_their_list() {
        let id = Uuid::now_v7();
        let cursor = SortKey::Text("Göteborgs Stad".into()).encode(List::Organisations, id);
        assert_eq!(
            SortKey::decode(&cursor, List::Members),
            Err(CursorError::Foreign("organisations".into()))
        );
    }

    #[test]
    fn altered_and_old_cursors_are_refused() {
        let id = Uuid::now_v7();
        let at = chrono::DateTime::from_timestamp_micros(1_700_000_000_000_000).expect("valid");
        let cursor = SortKey::Time(at).encode(List::Events, id);
        let mut bytes = URL_SAFE_NO_PAD.decode(&cursor).expect("base64");
        bytes[12] ^= 1;
        let altered = URL_SAFE_NO_PAD.encode(bytes);
        assert_eq!(
            SortKey::decode(&altered, List::Events),
            Err(CursorError::Malformed)
        );
        // The format before cursors named their list.
        let old = URL_SAFE_NO_PAD.encode(format!("t|{}|{id}", at.timestamp_micros()));
        assert_eq!(
            SortKey::decode(&old, List::Events),
            Err(CursorError::Malformed)
        );
    }
}
