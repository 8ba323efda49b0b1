//! Organisations and people.

use async_graphql::{ID, Object};
use entities::{organisation, person};

use super::super::enums::OrganisationKind;
use super::{Context, loaders};
use crate::graphql::ids::GlobalId;
use crate::ids::{OrganisationId, PersonId};

/// An organisation: a municipality, region, agency, association, university,
/// civil society body or company.
#[derive(Clone)]
pub struct Organisation(pub organisation::Model);

/// An organisation: a municipality, region, agency, association, university,
/// civil society body or company.
#[Object]
impl Organisation {
    /// Global id.
    pub async fn id(&self) -> ID {
        OrganisationId(self.0.id).to_global()
    }

    /// Name, e.g. "Mölndals stad".
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// What kind of body it is.
    async fn kind(&self) -> OrganisationKind {
        OrganisationKind::from(self.0.kind)
    }

    /// Official registration number (organisationsnummer), if known.
    async fn org_number(&self) -> Option<&str> {
        self.0.org_number.as_deref()
    }

    /// ISO 3166 country code, e.g. SE or NO.
    async fn country_code(&self) -> Option<&str> {
        self.0.country_code.as_deref()
    }

    /// The organisation's mail domains (e.g. `molndal.se`): a person who
    /// signs in through a mailed link with an address in one of them belongs
    /// to the organisation, and so to the networks it is a member of. Set by
    /// administrators and the organisers of those networks
    /// (`setOrganisationEmailDomains`). Public: a domain names no one.
    async fn email_domains(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<String>> {
        Ok(crate::service::organisations::email_domains(
            &super::service_cx(ctx)?.db,
            OrganisationId(self.0.id),
        )
        .await?)
    }
}

/// A person who takes part in, speaks at or organises events. Email addresses
/// are not part of the public graph.
#[derive(Clone)]
pub struct Person(pub person::Model);

/// A person who takes part in, speaks at or organises events. Email addresses
/// are not part of the public graph.
#[Object]
impl Person {
    /// Global id.
    pub async fn id(&self) -> ID {
        PersonId(self.0.id).to_global()
    }

    /// Full name.
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// Job title.
    async fn title(&self) -> Option<&str> {
        self.0.title.as_deref()
    }

    /// The organisation the person works for.
    async fn organisation(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Organisation>> {
        let Some(id) = self.0.organisation_id else {
            return Ok(None);
        };
        Ok(loaders(ctx)?
            .load_one(OrganisationId(id))
            .await?
            .map(Organisation))
    }
}
