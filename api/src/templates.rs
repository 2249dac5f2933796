//! The template marketplace: templates, licences, the catalogue, the
//! creator's dashboard and the staff review queue. Orders and the library
//! of licences a member holds are in `orders.rs`.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Money in integer minor units of `currency` (TWD: 1 unit = 1/100 dollar,
/// ISO 4217), never a float.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Money {
    pub amount_minor: i64,
    /// ISO 4217 code, `TWD` by default.
    pub currency: String,
}

/// The default currency of prices and payouts.
pub const DEFAULT_CURRENCY: &str = "TWD";

/// Minor units per major unit of `currency` (ISO 4217 exponent).
pub fn minor_units_per_major(currency: &str) -> i64 {
    match currency {
        "JPY" | "KRW" => 1,
        _ => 100,
    }
}

macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $wire:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The wire name, also what the database stores.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $wire),+ }
            }

            pub fn parse(s: &str) -> Option<$name> {
                Self::ALL.iter().copied().find(|v| v.as_str() == s)
            }
        }
    };
}

wire_enum!(
    /// What a template is for.
    TemplateCategory {
        Poster => "poster",
        SocialPost => "social_post",
        Packaging => "packaging",
        Sticker => "sticker",
        Card => "card",
        Presentation => "presentation",
        Other => "other",
    }
);

wire_enum!(
    /// Draft -> in review -> published or rejected (with a reason the
    /// creator sees); a published template can be unlisted and listed again.
    TemplateStatus {
        Draft => "draft",
        InReview => "in_review",
        Published => "published",
        Rejected => "rejected",
        Unlisted => "unlisted",
    }
);

wire_enum!(
    /// The licence a template is offered under; see [`LICENCES`].
    LicenceKind {
        FreePersonal => "free_personal",
        FreeCommercial => "free_commercial",
        PaidSingleUse => "paid_single_use",
        PaidMultiUse => "paid_multi_use",
        Extended => "extended",
    }
);

wire_enum!(
    /// Unit of a template's canvas size.
    CanvasUnit {
        Px => "px",
        Mm => "mm",
    }
);

wire_enum!(
    /// A source file's format, recognised from its content.
    SourceFormat {
        Svg => "svg",
        Pdf => "pdf",
        Png => "png",
        Jpeg => "jpeg",
        Psd => "psd",
        Ai => "ai",
        Zip => "zip",
    }
);

wire_enum!(
    /// Catalogue order. `popular` weighs uses and sales, decayed over time.
    TemplateSort {
        Popular => "popular",
        Newest => "newest",
        PriceAsc => "price_asc",
        PriceDesc => "price_desc",
    }
);

/// What a licence allows, defined once. The UI shows each in plain words
/// (ui.ftl `licence-<code>-summary` and `-terms`).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LicenceTerms {
    pub kind: LicenceKind,
    /// Offered at no charge (the template's price must be 0).
    pub free: bool,
    /// Use in work that is sold or promotes a business.
    pub commercial: bool,
    /// How many finished designs may be made from it; None: unlimited.
    pub designs: Option<u32>,
    /// Print runs and merchandise for sale.
    pub merchandise: bool,
}

/// The licence table: the one definition both sides read.
pub const LICENCES: [LicenceTerms; 5] = [
    LicenceTerms {
        kind: LicenceKind::FreePersonal,
        free: true,
        commercial: false,
        designs: None,
        merchandise: false,
    },
    LicenceTerms {
        kind: LicenceKind::FreeCommercial,
        free: true,
        commercial: true,
        designs: None,
        merchandise: false,
    },
    LicenceTerms {
        kind: LicenceKind::PaidSingleUse,
        free: false,
        commercial: true,
        designs: Some(1),
        merchandise: false,
    },
    LicenceTerms {
        kind: LicenceKind::PaidMultiUse,
        free: false,
        commercial: true,
        designs: None,
        merchandise: false,
    },
    LicenceTerms {
        kind: LicenceKind::Extended,
        free: false,
        commercial: true,
        designs: None,
        merchandise: true,
    },
];

impl LicenceKind {
    pub fn terms(self) -> LicenceTerms {
        LICENCES
            .iter()
            .copied()
            .find(|t| t.kind == self)
            .unwrap_or(LICENCES[0])
    }
}

/// A canvas size: pixels, or millimetres with a print resolution.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Canvas {
    pub width: u32,
    pub height: u32,
    pub unit: CanvasUnit,
    /// Required with `mm`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dpi: Option<u32>,
}

/// Create (every field but `editor_url` required) or edit (all optional) a
/// template.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateInput {
    pub title: Option<String>,
    /// Markdown; rendered to sanitised HTML.
    pub description: Option<String>,
    pub category: Option<TemplateCategory>,
    pub tags: Option<Vec<String>>,
    pub canvas: Option<Canvas>,
    pub licence: Option<LicenceKind>,
    /// In minor units of TWD; 0 with a free licence, above 0 with a paid one.
    pub price_minor: Option<i64>,
    /// A link to open the template in an online editor, instead of or
    /// besides source files. An empty string removes it.
    pub editor_url: Option<String>,
}

/// A preview image (through the image pipeline).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplatePreview {
    pub id: i64,
    pub position: u32,
    pub url: String,
    pub width: u32,
    pub height: u32,
    pub thumbnail_url: String,
}

/// A source file: everyone sees its name and size; only a licence holder,
/// the creator and staff get a download link.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateFile {
    pub id: i64,
    pub file_name: String,
    pub format: SourceFormat,
    pub bytes: u64,
    pub created_at: DateTime<Utc>,
}

/// The creator as the catalogue shows them.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateCreator {
    pub handle: String,
    pub display_name: String,
    /// A verified expert.
    pub expert: bool,
}

/// A template as a catalogue card.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TemplateCard {
    pub id: i64,
    pub title: String,
    pub category: TemplateCategory,
    pub tags: Vec<String>,
    pub creator: TemplateCreator,
    pub licence: LicenceKind,
    pub price: Money,
    pub status: TemplateStatus,
    /// The first preview's thumbnail; None before any preview is uploaded.
    pub thumbnail_url: Option<String>,
    pub thumbnail_width: u32,
    pub thumbnail_height: u32,
    /// Entries made with it.
    pub uses: u64,
    pub published_at: Option<DateTime<Utc>>,
}

/// A template's page.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TemplateDetail {
    #[serde(flatten)]
    pub card: TemplateCard,
    /// Markdown source.
    pub description: String,
    /// Sanitised HTML (safe to insert).
    pub description_html: String,
    pub canvas: Canvas,
    pub previews: Vec<TemplatePreview>,
    pub files: Vec<TemplateFile>,
    /// Dominant colours of the first preview, as `#rrggbb`.
    pub colours: Vec<String>,
    /// Shown only to those who may download the sources.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub editor_url: Option<String>,
    /// The creator and staff: why staff rejected it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_reason: Option<String>,
    /// The caller holds a live licence, is the creator or staff.
    pub can_download: bool,
    /// The caller may edit it (its creator, or staff).
    pub can_edit: bool,
    /// The caller's live licence, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub my_licence: Option<LicenceKind>,
    pub downloads: u64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// One value of a facet with how many templates (under the other filters)
/// have it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetCount {
    pub value: String,
    pub count: u64,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateFacets {
    pub category: Vec<FacetCount>,
    pub tag: Vec<FacetCount>,
    /// Colour families (`red`, `blue`...) of the dominant colours.
    pub colour: Vec<FacetCount>,
    /// `free` and `paid`.
    pub price: Vec<FacetCount>,
    pub licence: Vec<FacetCount>,
    /// Creator handles.
    pub creator: Vec<FacetCount>,
}

/// `GET /templates` query.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateQuery {
    /// Full-text search (English and Traditional Chinese).
    pub q: Option<String>,
    pub category: Option<TemplateCategory>,
    pub tag: Option<String>,
    /// A colour family: red, orange, yellow, green, blue, purple, pink,
    /// brown, black, white, grey.
    pub colour: Option<String>,
    /// `free` or `paid`.
    pub price: Option<String>,
    pub licence: Option<LicenceKind>,
    /// A creator's handle.
    pub creator: Option<String>,
    /// Default `popular` (or relevance when `q` is given and no sort).
    pub sort: Option<TemplateSort>,
    /// Opaque keyset cursor from the previous page's `next_cursor`.
    pub cursor: Option<String>,
    /// 1..=48, default 24.
    pub limit: Option<u32>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TemplatePage {
    pub items: Vec<TemplateCard>,
    pub next_cursor: Option<String>,
    /// Counts over every page of the result (not only this one).
    pub facets: TemplateFacets,
}

/// A short-lived link to one source file.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DownloadLink {
    pub url: String,
    pub expires_at: DateTime<Utc>,
}

/// Staff's decision on a template in review.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateReview {
    pub approve: bool,
    /// Required when rejecting; shown to the creator.
    pub reason: Option<String>,
}

/// Staff grant or withdraw a member's right to publish templates.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatorApproval {
    pub approved: bool,
}

/// Staff attach templates to a challenge ("design on this"), in order.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChallengeTemplates {
    pub template_ids: Vec<i64>,
}

/// One day of a template's (or a creator's) activity, days in Asia/Taipei.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateDay {
    pub day: NaiveDate,
    pub views: u64,
    pub downloads: u64,
    pub uses: u64,
    pub sales: u64,
    /// Gross sales in minor units of TWD.
    pub revenue_minor: i64,
}

/// A row of the dashboard: one template with its totals over the period.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TemplateStatsRow {
    pub template: TemplateCard,
    pub review_reason: Option<String>,
    pub views: u64,
    pub downloads: u64,
    pub uses: u64,
    pub sales: u64,
    pub revenue_minor: i64,
}

/// The creator dashboard (`/me/templates/stats`) and its staff counterpart
/// across all creators (`/staff/templates/stats`).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TemplateDashboard {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Every day of the period, oldest first, zeros included.
    pub days: Vec<TemplateDay>,
    pub templates: Vec<TemplateStatsRow>,
}

/// A template named by an entry made with it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateRef {
    pub id: i64,
    pub title: String,
}

/// The colour families of the catalogue's colour facet, in the order the
/// UI lists them (the `colour` query parameter takes one of them).
pub const COLOUR_FAMILIES: [&str; 11] = [
    "red", "orange", "yellow", "green", "blue", "purple", "pink", "brown", "black", "white", "grey",
];
