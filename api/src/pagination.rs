//! Cursor pagination through one helper: keyset on `(sort key, id)`, fetching
//! `limit + 1` rows to know whether another page exists. Cursors are opaque
//! (base64 of the sort key and the id); a malformed cursor is an input error.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sea_orm::sea_query::{Expr, ExprTrait, IntoColumnRef};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, Order, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait, Select, Value,
};
use uuid::Uuid;

use crate::service::{Error, ErrorCode};

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

/// The sort key of a keyset: a timestamp or a text.
#[derive(Debug, Clone, PartialEq)]
pub enum SortKey {
    /// An instant (events by start).
    Time(chrono::DateTime<chrono::Utc>),
    /// A text (networks, organisations by name).
    Text(String),
}

impl SortKey {
    fn encode(&self, id: Uuid) -> String {
        let raw = match self {
            SortKey::Time(t) => format!("t|{}|{id}", t.timestamp_micros()),
            SortKey::Text(s) => format!("s|{id}|{s}"),
        };
        URL_SAFE_NO_PAD.encode(raw)
    }

    fn decode(cursor: &str) -> Option<(SortKey, Uuid)> {
        let raw = String::from_utf8(URL_SAFE_NO_PAD.decode(cursor).ok()?).ok()?;
        let (kind, rest) = raw.split_once('|')?;
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

fn bad_cursor(arg: &str) -> Error {
    Error::field(
        arg,
        ErrorCode::Invalid,
        format!("{arg} is not a cursor from this list"),
    )
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
    page_of(db, select, key_col, id_col, request, key_of, false).await
}

/// [`paginate`] for lists whose filter an index can judge alone: the page's
/// ids are chosen first (`id IN (SELECT id … ORDER BY … LIMIT n)`), so rows
/// that the filter drops are never read from the table, only their index
/// entries (PostgreSQL: an index-only scan of a covering index, such as
/// `ix_events_network_starts_covering` for a network's events, which skips
/// the network's past events in the index). Still one statement.
pub async fn paginate_ids_first<E, C>(
    db: &C,
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
    page_of(db, select, key_col, id_col, request, key_of, true).await
}

async fn page_of<E, C>(
    db: &C,
    select: Select<E>,
    key_col: E::Column,
    id_col: E::Column,
    request: &PageRequest,
    key_of: impl Fn(&E::Model) -> (SortKey, Uuid),
    ids_first: bool,
) -> Result<Page<E::Model>, Error>
where
    E: EntityTrait,
    C: ConnectionTrait,
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
        let (key, id) = SortKey::decode(after).ok_or_else(|| bad_cursor("after"))?;
        select = select.filter(keyset(key_col, id_col, &key, id, true));
    }
    if let Some(before) = &request.before {
        let (key, id) = SortKey::decode(before).ok_or_else(|| bad_cursor("before"))?;
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
    let mut rows = if ids_first {
        let ids = page.select_only().column(id_col).into_query();
        E::find()
            .filter(id_col.in_subquery(ids))
            .order_by(key_col, order.clone())
            .order_by(id_col, order)
            .all(db)
            .await?
    } else {
        page.all(db).await?
    };
    let more = rows.len() as u64 > limit;
    rows.truncate(limit as usize);
    if backwards {
        rows.reverse();
    }
    let items = rows
        .into_iter()
        .map(|row| {
            let (key, id) = key_of(&row);
            (key.encode(id), row)
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
        assert_eq!(SortKey::decode(&key.encode(id)), Some((key, id)));
        let key = SortKey::Text("Mölndal | stad".into());
        assert_eq!(SortKey::decode(&key.encode(id)), Some((key, id)));
        assert_eq!(SortKey::decode("not a cursor"), None);
        assert_eq!(SortKey::decode(""), None);
    }
}
