//! What the demo's staff wrote: challenges and polls, in English (the base
//! text) and Traditional Chinese as used in Taiwan.

use atelier_api::{ChallengeStatus, Theme, Translations};

/// A text in English and in Traditional Chinese.
pub(super) type Text = (&'static str, &'static str);

pub(super) struct DemoChallenge {
    pub slug: &'static str,
    pub title: Text,
    pub theme: Theme,
    pub palette: &'static [&'static str],
    /// When submissions open, in days from now (negative: already open).
    pub start_days: i64,
    pub status: ChallengeStatus,
    pub brief: Text,
}

pub(super) const PRIZES: Text = (
    "Winning designs are produced and credited; NT$20,000 for first place.",
    "得獎作品將正式量產並標註設計者姓名，第一名另得新台幣 20,000 元。",
);

pub(super) const CHALLENGES: &[DemoChallenge] = &[
    DemoChallenge {
        slug: "lunar-new-year-lanterns",
        title: ("Lunar New Year Lanterns", "新春花燈設計"),
        theme: Theme::Holiday,
        palette: &[],
        start_days: -3,
        status: ChallengeStatus::Published,
        brief: (
            "Design a lantern for the **Lantern Festival** that carries our brand into the new year.",
            "為**元宵節**設計一盞花燈，帶著我們的品牌一起迎接新的一年。",
        ),
    },
    DemoChallenge {
        slug: "taipei-dusk-palette",
        title: ("Taipei Dusk Palette", "台北黃昏配色"),
        theme: Theme::Colour,
        palette: &["#2b2d42", "#8d99ae", "#ef8354", "#f4d35e", "#edf2f4"],
        start_days: -12,
        status: ChallengeStatus::Published,
        brief: (
            "Capture the city at dusk using *only* this palette.",
            "*只用*這組配色，捕捉台北黃昏時分的街景。",
        ),
    },
    DemoChallenge {
        slug: "bubble-tea-packaging",
        title: ("Bubble Tea Cup Packaging", "珍奶杯身包裝設計"),
        theme: Theme::Topic,
        palette: &[],
        start_days: -40,
        status: ChallengeStatus::Published,
        brief: (
            "Reimagine the cup sleeve for our seasonal bubble tea.",
            "替我們的季節限定珍珠奶茶，重新設計杯套。",
        ),
    },
    DemoChallenge {
        slug: "mid-autumn-mooncake-box",
        title: ("Mid-Autumn Mooncake Box", "中秋月餅禮盒"),
        theme: Theme::Holiday,
        palette: &[],
        start_days: 14,
        status: ChallengeStatus::Published,
        brief: (
            "A gift box for mooncakes that families keep long after the festival.",
            "設計一款月餅禮盒，讓大家過完中秋還捨不得丟。",
        ),
    },
    DemoChallenge {
        slug: "dragon-boat-poster",
        title: ("Dragon Boat Festival Poster", "端午龍舟海報"),
        theme: Theme::Holiday,
        palette: &[],
        start_days: 60,
        status: ChallengeStatus::Draft,
        brief: (
            "Draft brief: a poster for the Dragon Boat races.",
            "說明草稿：為端午龍舟賽設計一張海報。",
        ),
    },
];

pub(super) struct DemoPoll {
    pub question: Text,
    pub product: Text,
    pub description: Text,
    pub method: &'static str,
    /// Opens and closes, in days from now.
    pub opens_days: i64,
    pub closes_days: i64,
    pub options: &'static [Text],
}

const CO_CREATED: Text = ("Co-created with the community.", "和社群夥伴一起共創。");

/// An open ranked naming poll and a closed packaging poll with results.
pub(super) const POLLS: [DemoPoll; 2] = [
    DemoPoll {
        question: (
            "What should we call our winter oolong?",
            "冬季烏龍茶要取什麼名字？",
        ),
        product: ("Winter oolong", "冬季烏龍茶"),
        description: CO_CREATED,
        method: "ranked",
        opens_days: -1,
        closes_days: 6,
        options: &[
            ("Cloud Pearl", "雲珠"),
            ("Mountain Dusk", "山嵐暮色"),
            ("Jade Lantern", "翠玉燈籠"),
            ("Morning Mist", "晨霧"),
        ],
    },
    DemoPoll {
        question: (
            "Which mooncake box should we produce?",
            "你希望我們量產哪一款月餅禮盒？",
        ),
        product: ("Mid-Autumn mooncake box", "中秋月餅禮盒"),
        description: CO_CREATED,
        method: "single",
        opens_days: -10,
        closes_days: -2,
        options: &[
            ("Rabbit under the moon", "月下玉兔"),
            ("Osmanthus garden", "桂花庭院"),
            ("Paper-cut lanterns", "剪紙燈籠"),
        ],
    },
];

/// `fields` (name, text) in Traditional Chinese, as a translation input.
pub(super) fn zh_tw(fields: &[(&str, &str)]) -> Translations {
    let mut t = Translations::new();
    t.insert(
        "zh-TW".to_owned(),
        fields
            .iter()
            .map(|(f, text)| ((*f).to_owned(), (*text).to_owned()))
            .collect(),
    );
    t
}
