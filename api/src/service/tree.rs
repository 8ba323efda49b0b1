//! The network tree: which networks lie below others. One rule and one
//! algorithm for everything that reaches down the tree — management rights
//! (`policy`), feeds with `include=children` (`calendar`) and attendance
//! over sub-networks (`attendance`).

use std::collections::{HashMap, HashSet};

use entities::by_position::ReadByPosition;
use entities::network;
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, QuerySelect};
use uuid::Uuid;

/// One network by id.
pub(crate) async fn network(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<Option<network::Model>, DbErr> {
    network::Entity::find_by_id(id).one_by_position(db).await
}

/// One network by slug. What cannot be a slug (a NUL, say, which
/// PostgreSQL would refuse to compare) names no network.
pub(crate) async fn network_by_slug(
    db: &impl ConnectionTrait,
    slug: &str,
) -> Result<Option<network::Model>, DbErr> {
    use sea_orm::{ColumnTrait, QueryFilter};
    let slug = slug.trim();
    if !crate::text::is_valid_slug(slug) {
        return Ok(None);
    }
    network::Entity::find()
        .filter(network::Column::Slug.eq(slug))
        .one_by_position(db)
        .await
}

/// Every network's parent: one query, a few bytes per network.
pub(crate) async fn parents(
    db: &impl ConnectionTrait,
) -> Result<HashMap<Uuid, Option<Uuid>>, DbErr> {
    Ok(network::Entity::find()
        .select_only()
        .column(network::Column::Id)
        .column(network::Column::ParentId)
        .into_tuple::<(Uuid, Option<Uuid>)>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

/// The networks in `roots` and every network below them, at any depth (a
/// breadth-first walk over the children; a cycle, which the API never
/// creates, ends the walk rather than looping).
pub(crate) fn below(parents: &HashMap<Uuid, Option<Uuid>>, roots: &HashSet<Uuid>) -> HashSet<Uuid> {
    let mut children: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for (id, parent) in parents {
        if let Some(parent) = parent {
            children.entry(*parent).or_default().push(*id);
        }
    }
    let mut reached = roots.clone();
    let mut next: Vec<Uuid> = roots.iter().copied().collect();
    while let Some(id) = next.pop() {
        for child in children.get(&id).into_iter().flatten() {
            if reached.insert(*child) {
                next.push(*child);
            }
        }
    }
    reached
}

/// [`below`] over the stored tree.
pub(crate) async fn load_below(
    db: &impl ConnectionTrait,
    roots: &HashSet<Uuid>,
) -> Result<HashSet<Uuid>, DbErr> {
    if roots.is_empty() {
        return Ok(HashSet::new());
    }
    Ok(below(&parents(db).await?, roots))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reaches_every_depth_and_only_down() {
        let (a, b, c, d) = (
            Uuid::now_v7(),
            Uuid::now_v7(),
            Uuid::now_v7(),
            Uuid::now_v7(),
        );
        let parents = HashMap::from([(a, None), (b, Some(a)), (c, Some(b)), (d, None)]);
        assert_eq!(
            below(&parents, &HashSet::from([a])),
            HashSet::from([a, b, c])
        );
        assert_eq!(below(&parents, &HashSet::from([c])), HashSet::from([c]));
        assert_eq!(
            below(&parents, &HashSet::from([b, d])),
            HashSet::from([b, c, d])
        );
    }

    #[test]
    fn a_cycle_ends_the_walk() {
        let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
        let parents = HashMap::from([(a, Some(b)), (b, Some(a))]);
        assert_eq!(below(&parents, &HashSet::from([a])), HashSet::from([a, b]));
    }
}
