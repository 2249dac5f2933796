//! How the marketplace's values read: category and licence names, prices in the
//! reader's locale, colour families, file sizes, canvas sizes, order states. Shared
//! by the catalogue, a template's page, the checkout and the library (and the
//! creator's pages).

use atelier_api::{
    Canvas, CanvasUnit, LicenceKind, Money, OrderStatus, PaymentMethod, TemplateCategory,
    TemplateStatus, minor_units_per_major,
};

use crate::i18n::{I18n, Key, Locale};

pub fn category_key(category: TemplateCategory) -> Key {
    match category {
        TemplateCategory::Poster => Key::TplCategoryPoster,
        TemplateCategory::SocialPost => Key::TplCategorySocialPost,
        TemplateCategory::Packaging => Key::TplCategoryPackaging,
        TemplateCategory::Sticker => Key::TplCategorySticker,
        TemplateCategory::Card => Key::TplCategoryCard,
        TemplateCategory::Presentation => Key::TplCategoryPresentation,
        TemplateCategory::Other => Key::TplCategoryOther,
    }
}

/// The licence's name: "Free for personal use".
pub fn licence_name_key(kind: LicenceKind) -> Key {
    match kind {
        LicenceKind::FreePersonal => Key::LicenceFreePersonalName,
        LicenceKind::FreeCommercial => Key::LicenceFreeCommercialName,
        LicenceKind::PaidSingleUse => Key::LicencePaidSingleUseName,
        LicenceKind::PaidMultiUse => Key::LicencePaidMultiUseName,
        LicenceKind::Extended => Key::LicenceExtendedName,
    }
}

/// The licence in one plain sentence.
pub fn licence_summary_key(kind: LicenceKind) -> Key {
    match kind {
        LicenceKind::FreePersonal => Key::LicenceFreePersonalSummary,
        LicenceKind::FreeCommercial => Key::LicenceFreeCommercialSummary,
        LicenceKind::PaidSingleUse => Key::LicencePaidSingleUseSummary,
        LicenceKind::PaidMultiUse => Key::LicencePaidMultiUseSummary,
        LicenceKind::Extended => Key::LicenceExtendedSummary,
    }
}

pub fn template_status_key(status: TemplateStatus) -> Key {
    match status {
        TemplateStatus::Draft => Key::MarketStatusDraft,
        TemplateStatus::InReview => Key::MarketStatusInReview,
        TemplateStatus::Published => Key::MarketStatusPublished,
        TemplateStatus::Rejected => Key::MarketStatusRejected,
        TemplateStatus::Unlisted => Key::MarketStatusUnlisted,
    }
}

pub fn order_status_key(status: OrderStatus) -> Key {
    match status {
        OrderStatus::Pending => Key::MarketOrderPending,
        OrderStatus::Paid => Key::MarketOrderPaid,
        OrderStatus::Failed => Key::MarketOrderFailed,
        OrderStatus::Cancelled => Key::MarketOrderCancelled,
        OrderStatus::Refunded => Key::MarketOrderRefunded,
    }
}

pub fn payment_method_key(method: PaymentMethod) -> Key {
    match method {
        PaymentMethod::Card => Key::MarketMethodCard,
        PaymentMethod::BankTransfer => Key::MarketMethodBankTransfer,
    }
}

/// The colour families of the catalogue's colour facet, with the swatch shown for each.
pub const COLOUR_FAMILIES: [(&str, Key, &str); 11] = [
    ("red", Key::MarketColourRed, "#d7263d"),
    ("orange", Key::MarketColourOrange, "#f28c28"),
    ("yellow", Key::MarketColourYellow, "#f5d033"),
    ("green", Key::MarketColourGreen, "#3a9d5d"),
    ("blue", Key::MarketColourBlue, "#2f6fd6"),
    ("purple", Key::MarketColourPurple, "#8150c8"),
    ("pink", Key::MarketColourPink, "#ef7fb4"),
    ("brown", Key::MarketColourBrown, "#8b5a2b"),
    ("black", Key::MarketColourBlack, "#1d1d1f"),
    ("white", Key::MarketColourWhite, "#ffffff"),
    ("grey", Key::MarketColourGrey, "#9a9aa0"),
];

/// A colour family's name and swatch; `None` for a family this app does not know.
pub fn colour_family(name: &str) -> Option<(Key, &'static str)> {
    COLOUR_FAMILIES
        .iter()
        .find(|(family, _, _)| *family == name)
        .map(|&(_, key, hex)| (key, hex))
}

/// Digits with a comma every three places: 1500 -> "1,500".
fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// An amount in the reader's locale: "NT$1,500" (TWD reads the same in English and
/// Traditional Chinese); whole amounts without decimals, others with the currency's
/// minor digits ("NT$1,500.50"); other currencies by their code ("USD 12.50").
pub fn format_money(locale: Locale, money: &Money) -> String {
    let per_major = minor_units_per_major(&money.currency).max(1);
    let minor = money.amount_minor.unsigned_abs();
    let per = per_major.unsigned_abs();
    let (major, rest) = (minor / per, minor % per);
    let sign = if money.amount_minor < 0 { "-" } else { "" };
    let prefix = match (money.currency.as_str(), locale) {
        ("TWD", Locale::En | Locale::ZhTw) => "NT$".to_owned(),
        (code, _) => format!("{code} "),
    };
    let whole = group_thousands(major);
    if rest == 0 {
        format!("{sign}{prefix}{whole}")
    } else {
        let digits = per.to_string().len() - 1;
        format!("{sign}{prefix}{whole}.{rest:0digits$}")
    }
}

/// A price as a card shows it: "Free" / "免費" at zero, else the amount (tracked).
pub fn price_text(i18n: I18n, price: &Money) -> String {
    if price.amount_minor == 0 {
        i18n.t(Key::MarketFree).to_owned()
    } else {
        format_money(i18n.locale(), price)
    }
}

/// A file size: "820 B", "12.4 KB", "3.1 MB" (1 KB = 1024 bytes).
pub fn format_bytes(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if value >= 100.0 {
        format!("{value:.0} {}", UNITS[unit])
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// "1080 × 1080 px", "210 × 297 mm · 300 dpi".
pub fn canvas_text(canvas: &Canvas) -> String {
    match (canvas.unit, canvas.dpi) {
        (CanvasUnit::Px, _) => format!("{} × {} px", canvas.width, canvas.height),
        (CanvasUnit::Mm, Some(dpi)) => {
            format!("{} × {} mm · {dpi} dpi", canvas.width, canvas.height)
        }
        (CanvasUnit::Mm, None) => format!("{} × {} mm", canvas.width, canvas.height),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn twd(minor: i64) -> Money {
        Money {
            amount_minor: minor,
            currency: "TWD".to_owned(),
        }
    }

    #[test]
    fn money_reads_in_dollars_without_needless_decimals() {
        assert_eq!(format_money(Locale::En, &twd(15_000)), "NT$150");
        assert_eq!(format_money(Locale::En, &twd(150_000)), "NT$1,500");
        assert_eq!(format_money(Locale::ZhTw, &twd(150_000)), "NT$1,500");
        assert_eq!(format_money(Locale::En, &twd(123_456_700)), "NT$1,234,567");
        assert_eq!(format_money(Locale::En, &twd(150_050)), "NT$1,500.50");
        assert_eq!(format_money(Locale::En, &twd(5)), "NT$0.05");
        assert_eq!(format_money(Locale::En, &twd(0)), "NT$0");
        assert_eq!(format_money(Locale::En, &twd(-15_000)), "-NT$150");
        let yen = Money {
            amount_minor: 1500,
            currency: "JPY".to_owned(),
        };
        assert_eq!(format_money(Locale::En, &yen), "JPY 1,500");
        let usd = Money {
            amount_minor: 1250,
            currency: "USD".to_owned(),
        };
        assert_eq!(format_money(Locale::ZhTw, &usd), "USD 12.50");
    }

    #[test]
    fn thousands_are_grouped_in_threes() {
        assert_eq!(group_thousands(0), "0");
        assert_eq!(group_thousands(999), "999");
        assert_eq!(group_thousands(1000), "1,000");
        assert_eq!(group_thousands(100_000), "100,000");
        assert_eq!(group_thousands(1_000_000), "1,000,000");
    }

    #[test]
    fn file_sizes_use_binary_units() {
        assert_eq!(format_bytes(820), "820 B");
        assert_eq!(format_bytes(1024), "1.0 KB");
        assert_eq!(format_bytes(12_697), "12.4 KB");
        assert_eq!(format_bytes(3_250_586), "3.1 MB");
        assert_eq!(format_bytes(300 * 1024 * 1024), "300 MB");
    }

    #[test]
    fn canvases_read_with_their_unit() {
        let px = Canvas {
            width: 1080,
            height: 1350,
            unit: CanvasUnit::Px,
            dpi: None,
        };
        assert_eq!(canvas_text(&px), "1080 × 1350 px");
        let mm = Canvas {
            width: 210,
            height: 297,
            unit: CanvasUnit::Mm,
            dpi: Some(300),
        };
        assert_eq!(canvas_text(&mm), "210 × 297 mm · 300 dpi");
    }

    #[test]
    fn every_colour_family_of_the_contract_has_a_name() {
        for family in [
            "red", "orange", "yellow", "green", "blue", "purple", "pink", "brown", "black",
            "white", "grey",
        ] {
            assert!(colour_family(family).is_some(), "{family}");
        }
        assert!(colour_family("chartreuse").is_none());
    }
}
