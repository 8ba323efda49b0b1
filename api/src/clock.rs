//! Time is injected: services ask the clock in the state, never `Utc::now()`
//! directly, so that windows and reminder rules test deterministically.
//!
//! The clock tells time in whole microseconds, the precision PostgreSQL
//! keeps: an instant stored on SQLite (as text, to the nanosecond) then
//! equals the one in a cursor or a version (`timestamp_micros`), and both
//! databases store the same value.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, DurationRound, Utc};

/// The source of "now" for the whole application.
#[derive(Clone, Debug, Default)]
pub struct Clock {
    fixed: Option<Arc<Mutex<DateTime<Utc>>>>,
}

impl Clock {
    /// The system clock.
    pub fn system() -> Self {
        Self { fixed: None }
    }

    /// A clock that stands still at `at` until moved with [`Clock::advance`] or [`Clock::set`].
    pub fn fixed(at: DateTime<Utc>) -> Self {
        Self {
            fixed: Some(Arc::new(Mutex::new(micros(at)))),
        }
    }

    /// The current instant.
    pub fn now(&self) -> DateTime<Utc> {
        match &self.fixed {
            Some(at) => *at.lock().unwrap_or_else(|poisoned| poisoned.into_inner()),
            None => micros(Utc::now()),
        }
    }

    /// Moves a fixed clock forward; no effect on the system clock.
    pub fn advance(&self, by: Duration) {
        if let Some(at) = &self.fixed {
            let mut guard = at.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            *guard = micros(*guard + by);
        }
    }

    /// Sets a fixed clock; no effect on the system clock.
    pub fn set(&self, to: DateTime<Utc>) {
        if let Some(at) = &self.fixed {
            *at.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = micros(to);
        }
    }
}

/// `at` in whole microseconds (rounded down).
fn micros(at: DateTime<Utc>) -> DateTime<Utc> {
    at.duration_trunc(Duration::microseconds(1)).unwrap_or(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clock_tells_whole_microseconds() {
        let at = DateTime::from_timestamp(1_800_000_000, 123_456_789).expect("valid");
        let clock = Clock::fixed(at);
        assert_eq!(clock.now().timestamp_subsec_nanos(), 123_456_000);
        clock.advance(Duration::nanoseconds(999));
        assert_eq!(clock.now().timestamp_subsec_nanos(), 123_456_000);
        assert_eq!(Clock::system().now().timestamp_subsec_nanos() % 1_000, 0);
    }
}
