//! The catalogue's search and filters live in its address (`/templates?q=&category=...`),
//! so a search can be shared, bookmarked, reloaded and left with "back". These read
//! the address into a [`TemplateQuery`] and write one back.

use atelier_api::{LicenceKind, TemplateCategory, TemplateQuery, TemplateSort};

use crate::api::template_query_string;

pub const CATALOGUE_PATH: &str = "/templates";

/// The catalogue's facets, in the order the page shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Facet {
    Category,
    Tag,
    Colour,
    Price,
    Licence,
    Creator,
}

impl Facet {
    pub const ALL: [Facet; 6] = [
        Facet::Category,
        Facet::Tag,
        Facet::Colour,
        Facet::Price,
        Facet::Licence,
        Facet::Creator,
    ];

    /// The facet's name in the address and in the API.
    pub fn param(self) -> &'static str {
        match self {
            Facet::Category => "category",
            Facet::Tag => "tag",
            Facet::Colour => "colour",
            Facet::Price => "price",
            Facet::Licence => "licence",
            Facet::Creator => "creator",
        }
    }

    /// The chosen value, as the facet counts name it.
    pub fn get(self, q: &TemplateQuery) -> Option<String> {
        match self {
            Facet::Category => q.category.map(|c| c.as_str().to_owned()),
            Facet::Tag => q.tag.clone(),
            Facet::Colour => q.colour.clone(),
            Facet::Price => q.price.clone(),
            Facet::Licence => q.licence.map(|l| l.as_str().to_owned()),
            Facet::Creator => q.creator.clone(),
        }
    }

    /// Chooses `value` (or nothing); a value the facet cannot take chooses nothing.
    pub fn set(self, q: &mut TemplateQuery, value: Option<&str>) {
        let value = value.map(str::trim).filter(|v| !v.is_empty());
        match self {
            Facet::Category => q.category = value.and_then(TemplateCategory::parse),
            Facet::Tag => q.tag = value.map(|t| t.trim_start_matches('#').to_lowercase()),
            Facet::Colour => q.colour = value.map(str::to_lowercase),
            Facet::Price => {
                q.price = value
                    .filter(|p| matches!(*p, "free" | "paid"))
                    .map(Into::into)
            }
            Facet::Licence => q.licence = value.and_then(LicenceKind::parse),
            Facet::Creator => q.creator = value.map(|h| h.trim_start_matches('@').to_owned()),
        }
    }
}

/// The search and filters an address names (`get` reads one of its parameters).
/// Paging is not part of it: an address always shows the first page.
pub fn query_from_params(get: impl Fn(&str) -> Option<String>) -> TemplateQuery {
    let mut q = TemplateQuery {
        q: get("q")
            .map(|q| q.trim().to_owned())
            .filter(|q| !q.is_empty()),
        sort: get("sort").as_deref().and_then(TemplateSort::parse),
        ..Default::default()
    };
    for facet in Facet::ALL {
        facet.set(&mut q, get(facet.param()).as_deref());
    }
    q
}

/// The address of the catalogue showing `q` (its cursor and limit left out).
pub fn catalogue_href(q: &TemplateQuery) -> String {
    let without_paging = TemplateQuery {
        cursor: None,
        limit: None,
        ..q.clone()
    };
    let qs = template_query_string(&without_paging);
    if qs.is_empty() {
        CATALOGUE_PATH.to_owned()
    } else {
        format!("{CATALOGUE_PATH}?{qs}")
    }
}

/// How many facets have a value chosen.
pub fn active_filters(q: &TemplateQuery) -> usize {
    Facet::ALL.iter().filter(|f| f.get(q).is_some()).count()
}

/// The same search with every facet cleared (the words and the order kept).
pub fn without_filters(q: &TemplateQuery) -> TemplateQuery {
    TemplateQuery {
        q: q.q.clone(),
        sort: q.sort,
        ..Default::default()
    }
}

/// `q` with `facet` set to `value`, or cleared when it already is `value`.
pub fn toggled(q: &TemplateQuery, facet: Facet, value: &str) -> TemplateQuery {
    let mut next = q.clone();
    let chosen = facet.get(q).is_some_and(|v| v == value);
    facet.set(&mut next, (!chosen).then_some(value));
    next
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn params(pairs: &[(&str, &str)]) -> TemplateQuery {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        query_from_params(|k| map.get(k).cloned())
    }

    #[test]
    fn an_address_reads_into_a_query_and_back() {
        let q = params(&[
            ("q", " 包裝 "),
            ("category", "packaging"),
            ("price", "free"),
            ("colour", "Green"),
            ("tag", "#Eco"),
            ("creator", "@mei"),
            ("sort", "newest"),
            ("cursor", "ignored"),
        ]);
        assert_eq!(q.q.as_deref(), Some("包裝"));
        assert_eq!(q.category, Some(TemplateCategory::Packaging));
        assert_eq!(q.tag.as_deref(), Some("eco"));
        assert_eq!(q.colour.as_deref(), Some("green"));
        assert_eq!(q.creator.as_deref(), Some("mei"));
        assert_eq!(q.sort, Some(TemplateSort::Newest));
        assert_eq!(q.cursor, None);
        let href = catalogue_href(&q);
        assert_eq!(
            href,
            "/templates?q=%E5%8C%85%E8%A3%9D&category=packaging&tag=eco&colour=green\
             &price=free&creator=mei&sort=newest"
        );
        assert_eq!(active_filters(&q), 5);
    }

    #[test]
    fn values_a_facet_cannot_take_are_dropped() {
        let q = params(&[
            ("category", "spaceship"),
            ("price", "cheap"),
            ("sort", "best"),
            ("q", "  "),
        ]);
        assert_eq!(q, TemplateQuery::default());
        assert_eq!(catalogue_href(&q), "/templates");
    }

    #[test]
    fn choosing_a_chosen_value_clears_it() {
        let q = params(&[("q", "poster")]);
        let chosen = toggled(&q, Facet::Licence, "extended");
        assert_eq!(chosen.licence, Some(LicenceKind::Extended));
        assert_eq!(toggled(&chosen, Facet::Licence, "extended").licence, None);
        let other = toggled(&chosen, Facet::Licence, "free_personal");
        assert_eq!(other.licence, Some(LicenceKind::FreePersonal));
        let cleared = without_filters(&other);
        assert_eq!(cleared.q.as_deref(), Some("poster"));
        assert_eq!(active_filters(&cleared), 0);
    }
}
