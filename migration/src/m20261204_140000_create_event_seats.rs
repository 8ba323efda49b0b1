//! `event_seats`: per event, how many registrations hold a seat in person,
//! online, wait on the lists or wait for a decision, kept by triggers on
//! `registrations` in the transaction of every change to them (the write
//! path, CSV imports, a person erased, an event deleted alike), so that a
//! page of events reads its seats by key instead of counting registrations
//! four times per event.
//!
//! Registrations stay the record: seats are still decided by counting them
//! under the event's lock (`api::service::seats`); these counts are what
//! readers are shown.

use sea_orm::{DatabaseBackend, DbErr};
use sea_orm_migration::{prelude::*, schema::*};

/// Creates the table, its triggers, and fills it from the registrations.
pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261204_140000_create_event_seats"
    }
}

/// The statuses counted, and each count's column and condition on a
/// registration row (`{r}` is `OLD` or `NEW`).
const COUNTS: [(&str, &str); 4] = [
    (
        "confirmed_in_person",
        "{r}.status = 'CONFIRMED' AND {r}.mode = 'IN_PERSON'",
    ),
    (
        "confirmed_online",
        "{r}.status = 'CONFIRMED' AND {r}.mode = 'ONLINE'",
    ),
    ("waitlisted", "{r}.status = 'WAITLISTED'"),
    ("pending", "{r}.status = 'PENDING'"),
];

/// A registration row `r` that takes part in some count.
fn counted(r: &str) -> String {
    format!("{r}.status IN ('CONFIRMED', 'WAITLISTED', 'PENDING')")
}

/// `1` where `r` is in the count `condition`, else `0`, on both backends.
fn one_if(condition: &str, r: &str) -> String {
    format!(
        "CASE WHEN {} THEN 1 ELSE 0 END",
        condition.replace("{r}", r)
    )
}

/// Adds the counts of registration row `r` to its event's row (creating
/// it), if `r` is in any.
fn add(r: &str) -> String {
    let columns: Vec<&str> = COUNTS.iter().map(|(c, _)| *c).collect();
    let values: Vec<String> = COUNTS.iter().map(|(_, w)| one_if(w, r)).collect();
    let sums: Vec<String> = columns
        .iter()
        .map(|c| format!("{c} = event_seats.{c} + excluded.{c}"))
        .collect();
    // `INSERT … SELECT … WHERE`, not `VALUES`, to insert nothing for a
    // registration in no count (SQLite's trigger bodies have no `IF`).
    format!(
        "INSERT INTO event_seats (event_id, {}) SELECT {r}.event_id, {} WHERE {} \
         ON CONFLICT (event_id) DO UPDATE SET {};",
        columns.join(", "),
        values.join(", "),
        counted(r),
        sums.join(", ")
    )
}

/// Takes the counts of registration row `r` from its event's row, if `r` is
/// in any. A plain update: while an event is being deleted its row is
/// already gone.
fn take(r: &str) -> String {
    let sets: Vec<String> = COUNTS
        .iter()
        .map(|(c, w)| format!("{c} = {c} - {}", one_if(w, r)))
        .collect();
    format!(
        "UPDATE event_seats SET {} WHERE event_id = {r}.event_id AND {};",
        sets.join(", "),
        counted(r)
    )
}

/// An update that moves a registration between counts or events.
const MOVED: &str = "OLD.status IS DISTINCT FROM NEW.status \
     OR OLD.mode IS DISTINCT FROM NEW.mode \
     OR OLD.event_id IS DISTINCT FROM NEW.event_id";

fn postgres_triggers() -> Vec<String> {
    vec![
        format!(
            "CREATE FUNCTION event_seats_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    {take}
  END IF;
  IF TG_OP <> 'DELETE' THEN
    {add}
  END IF;
  RETURN NULL;
END $$",
            take = take("OLD"),
            add = add("NEW"),
        ),
        "CREATE TRIGGER registrations_seats_insert_delete AFTER INSERT OR DELETE \
         ON registrations FOR EACH ROW EXECUTE FUNCTION event_seats_follow()"
            .to_owned(),
        format!(
            "CREATE TRIGGER registrations_seats_update AFTER UPDATE OF status, mode, event_id \
             ON registrations FOR EACH ROW WHEN ({MOVED}) EXECUTE FUNCTION event_seats_follow()"
        ),
    ]
}

fn sqlite_triggers() -> Vec<String> {
    // SQLite's `IS NOT` is `IS DISTINCT FROM`.
    let moved = MOVED.replace("IS DISTINCT FROM", "IS NOT");
    vec![
        format!(
            "CREATE TRIGGER registrations_seats_insert AFTER INSERT ON registrations \
             BEGIN {} END",
            add("NEW")
        ),
        format!(
            "CREATE TRIGGER registrations_seats_delete AFTER DELETE ON registrations \
             BEGIN {} END",
            take("OLD")
        ),
        format!(
            "CREATE TRIGGER registrations_seats_update AFTER UPDATE OF status, mode, event_id \
             ON registrations WHEN {moved} BEGIN {} {} END",
            take("OLD"),
            add("NEW")
        ),
    ]
}

/// Fills the table from the registrations there are (after the triggers
/// exist: on PostgreSQL creating them locks out writes to registrations
/// until this migration commits, so none is counted twice or missed).
fn backfill() -> String {
    let columns: Vec<&str> = COUNTS.iter().map(|(c, _)| *c).collect();
    let sums: Vec<String> = COUNTS
        .iter()
        .map(|(_, w)| format!("SUM({})", one_if(w, "r")))
        .collect();
    format!(
        "INSERT INTO event_seats (event_id, {}) \
         SELECT r.event_id, {} FROM registrations r WHERE {} GROUP BY r.event_id",
        columns.join(", "),
        sums.join(", "),
        counted("r")
    )
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let triggers = match m.get_database_backend() {
            DatabaseBackend::Postgres => postgres_triggers(),
            DatabaseBackend::Sqlite => sqlite_triggers(),
            other => {
                return Err(DbErr::Migration(format!(
                    "event_seats: no triggers for {other:?} (SQLite and PostgreSQL are supported)"
                )));
            }
        };
        m.create_table(
            Table::create()
                .table(EventSeats::Table)
                .col(uuid(EventSeats::EventId).primary_key())
                .col(big_integer(EventSeats::ConfirmedInPerson).default(0))
                .col(big_integer(EventSeats::ConfirmedOnline).default(0))
                .col(big_integer(EventSeats::Waitlisted).default(0))
                .col(big_integer(EventSeats::Pending).default(0))
                .foreign_key(
                    ForeignKey::create()
                        .from_tbl(EventSeats::Table)
                        .from_col(EventSeats::EventId)
                        .to_tbl(Events::Table)
                        .to_col(Events::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        let db = m.get_connection();
        for statement in triggers {
            db.execute_unprepared(&statement).await?;
        }
        db.execute_unprepared(&backfill()).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        match m.get_database_backend() {
            DatabaseBackend::Postgres => {
                db.execute_unprepared(
                    "DROP TRIGGER IF EXISTS registrations_seats_insert_delete ON registrations; \
                     DROP TRIGGER IF EXISTS registrations_seats_update ON registrations; \
                     DROP FUNCTION IF EXISTS event_seats_follow()",
                )
                .await?;
            }
            _ => {
                for name in [
                    "registrations_seats_insert",
                    "registrations_seats_delete",
                    "registrations_seats_update",
                ] {
                    db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS {name}"))
                        .await?;
                }
            }
        }
        m.drop_table(Table::drop().table(EventSeats::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Events {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum EventSeats {
    Table,
    EventId,
    ConfirmedInPerson,
    ConfirmedOnline,
    Waitlisted,
    Pending,
}
