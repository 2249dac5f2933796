//! Every user-visible string, in English and Traditional Chinese (zh-TW), plus the
//! reactive locale: chosen from storage or the browser's languages, switchable in the
//! header, remembered in localStorage and mirrored into `<html lang>`.

use chrono::{DateTime, FixedOffset, Offset, Utc};
use leptos::prelude::*;

use crate::browser;

const STORAGE_KEY: &str = "atelier.locale";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Locale {
    En,
    ZhTw,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::En, Locale::ZhTw];

    /// BCP 47 tag, as used in `<html lang>` and in storage.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::ZhTw => "zh-TW",
        }
    }

    /// The language's name in itself, for the switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::ZhTw => "繁體中文",
        }
    }

    /// Maps a language tag to a supported locale: any Chinese (`zh`, `zh-TW`, `zh-Hant`,
    /// `zh-HK`, ...) reads our Traditional Chinese, any English reads English.
    pub fn from_tag(tag: &str) -> Option<Locale> {
        let lower = tag.trim().to_ascii_lowercase();
        match lower.split(['-', '_']).next() {
            Some("zh") => Some(Locale::ZhTw),
            Some("en") => Some(Locale::En),
            _ => None,
        }
    }

    /// The first supported language in the user's preference list, else English.
    pub fn negotiate<'a>(preferred: impl IntoIterator<Item = &'a str>) -> Locale {
        preferred
            .into_iter()
            .find_map(Locale::from_tag)
            .unwrap_or(Locale::En)
    }
}

/// Defines [`Key`] and both translations from one table, so a key cannot lack a locale.
macro_rules! strings {
    ($($key:ident => $en:literal, $zh:literal;)*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Key {
            $($key,)*
        }

        impl Key {
            #[cfg(test)]
            pub const ALL: &'static [Key] = &[$(Key::$key,)*];
        }

        fn en(key: Key) -> &'static str {
            match key {
                $(Key::$key => $en,)*
            }
        }

        fn zh_tw(key: Key) -> &'static str {
            match key {
                $(Key::$key => $zh,)*
            }
        }
    };
}

strings! {
    // shell
    SkipToContent => "Skip to main content", "跳至主要內容";
    NavMain => "Main", "主選單";
    NavAccount => "Account", "帳號";
    NavHome => "Home", "首頁";
    NavChallenges => "Challenges", "挑戰";
    NavMyProfile => "My profile", "我的個人檔案";
    NavExpert => "Become an expert", "申請成為專家";
    NavStaffApplications => "Applications", "專家申請";
    NavStaffUsers => "Users", "使用者";
    NavStaffAudit => "Audit log", "稽核紀錄";
    LogIn => "Log in", "登入";
    Register => "Register", "註冊";
    LogOut => "Log out", "登出";
    SignedInAs => "Signed in as", "目前登入：";
    Language => "Language", "語言";
    FooterText => "Atelier — where our community designs together.", "Atelier — 社群一起設計的地方。";
    Loading => "Loading…", "載入中…";
    Retry => "Try again", "重試";
    ErrorCode => "Error code", "錯誤代碼";
    ErrNetwork => "Could not reach the server. Check your connection and try again.", "無法連線到伺服器，請檢查網路連線後再試一次。";
    ErrUnexpected => "The server sent an answer we did not understand.", "伺服器回應了無法解讀的內容。";
    ErrInvalidCredentials => "Wrong email or password.", "電子郵件或密碼不正確。";
    ErrAccountExists => "An account with this email or handle already exists.", "此電子郵件或代稱已有人使用。";
    ErrWeakPassword => "That password is too short or too weak.", "密碼太短或強度不足。";
    ErrInvalidEmail => "That email address does not look right.", "電子郵件格式不正確。";
    ErrInvalidHandle => "That handle cannot be used.", "這個代稱無法使用。";
    ErrInvalidDisplayName => "That display name cannot be used.", "這個顯示名稱無法使用。";
    ErrInvalidBio => "That bio cannot be saved (is it too long?).", "無法儲存自我介紹（是否太長？）。";
    ErrInvalidField => "Please describe your field of expertise.", "請填寫您的專業領域。";
    ErrInvalidLinks => "Please check your portfolio links.", "請檢查您的作品集連結。";
    ErrApplicationPending => "You already have an application waiting for review.", "您已有一份申請正在審核中。";
    ErrNotAMember => "Only members can apply to become experts.", "只有一般成員可以申請成為專家。";
    ErrAlreadyDecided => "This application has already been decided.", "這份申請已經審核過了。";
    ErrInvalidImage => "That file is not an image we can read.", "無法讀取這個圖片檔。";
    ErrImageTooSmall => "That image is too small.", "這張圖片太小了。";
    ErrTooLarge => "That file is too large.", "檔案太大。";
    ErrRateLimited => "Too many attempts. Please wait a moment and try again.", "嘗試次數過多，請稍候再試。";
    ErrForbidden => "You are not allowed to do that.", "您沒有權限執行此操作。";
    ErrNotFound => "We could not find what you were looking for.", "找不到您要的內容。";
    ErrNotLoggedIn => "Your session has ended. Please log in again.", "您的登入已失效，請重新登入。";
    // home
    HomeIntro => "Submit your work, vote for your favourites and learn from experts.", "提交作品、為喜愛的創作投票，並向專家學習。";
    StatMembers => "members", "位成員";
    StatChallenges => "challenges", "項挑戰";
    LatestChallenges => "Latest challenges", "最新挑戰";
    SeeAllChallenges => "See all challenges", "查看所有挑戰";
    NoChallenges => "No challenges yet.", "目前還沒有挑戰。";
    JoinCta => "Join the community", "加入社群";
    // challenges
    GroupOpen => "Open now", "進行中";
    GroupUpcoming => "Coming up", "即將開始";
    GroupPast => "Past challenges", "已結束的挑戰";
    NothingHere => "Nothing here right now.", "目前沒有項目。";
    PhaseUpcoming => "Upcoming", "即將開始";
    PhaseSubmissions => "Open for entries", "徵件中";
    PhaseVoting => "Voting", "投票中";
    PhaseClosed => "Closed", "已截止";
    PhaseResults => "Results out", "已公布結果";
    Theme => "Theme", "類型";
    ThemeHoliday => "Holiday", "節慶";
    ThemeTopic => "Topic", "主題";
    ThemeColour => "Colour", "色彩";
    Palette => "Colour palette", "色票";
    SubmissionsOpen => "Entries open", "開放投稿";
    VotingOpens => "Voting opens", "投票開始";
    VotingCloses => "Voting closes", "投票截止";
    ResultsOn => "Results", "公布結果";
    // not found
    NotFoundTitle => "Page not found", "找不到頁面";
    NotFoundBody => "We couldn't find the page you were looking for.", "我們找不到您要找的頁面。";
    BackHome => "Back to the home page", "回到首頁";
    // accounts
    Email => "Email", "電子郵件";
    Password => "Password", "密碼";
    Handle => "Handle", "代稱";
    HandleHint => "Your public address: /u/your-handle", "您的公開網址：/u/您的代稱";
    DisplayName => "Display name", "顯示名稱";
    PasswordHint => "Use a long password you don't use elsewhere.", "請使用夠長、且未在其他地方使用過的密碼。";
    LoginTitle => "Log in to Atelier", "登入 Atelier";
    LoggingIn => "Logging in…", "登入中…";
    NoAccount => "New here?", "第一次來？";
    CreateAccount => "Create an account", "建立帳號";
    RegisterSubmit => "Create account", "建立帳號";
    RegisterTitle => "Create your account", "建立您的帳號";
    Registering => "Creating your account…", "正在建立帳號…";
    HaveAccount => "Already have an account?", "已經有帳號了？";
    AlreadyLoggedIn => "You are logged in as {handle}.", "您已用 {handle} 登入。";
    LoginRequired => "Please log in to see this page.", "請先登入才能查看此頁面。";
    StaffOnly => "This page is for staff only.", "此頁面僅限工作人員使用。";
    // profiles
    Role => "Role", "身分";
    RoleMember => "Member", "成員";
    RoleExpert => "Expert", "專家";
    RoleStaff => "Staff", "工作人員";
    RoleAdmin => "Admin", "管理員";
    MemberSince => "Member since {date}", "{date} 加入";
    ViewPublicProfile => "View my public profile", "查看我的公開個人頁";
    EditProfile => "Edit profile", "編輯個人檔案";
    Bio => "Bio", "自我介紹";
    NoBio => "No bio yet.", "尚未填寫自我介紹。";
    Save => "Save", "儲存";
    Saving => "Saving…", "儲存中…";
    ProfileSaved => "Your profile has been saved.", "個人檔案已儲存。";
    Avatar => "Avatar", "頭像";
    AvatarChoose => "Choose an image (PNG, JPEG, WebP or GIF, up to 5 MB)", "選擇圖片（PNG、JPEG、WebP 或 GIF，最大 5 MB）";
    AvatarPreview => "Preview of your new avatar", "新頭像預覽";
    AvatarUpload => "Upload avatar", "上傳頭像";
    Uploading => "Uploading…", "上傳中…";
    AvatarUploaded => "Your avatar has been updated.", "頭像已更新。";
    AvatarTooLarge => "That image is larger than 5 MB.", "這張圖片超過 5 MB。";
    AvatarWrongType => "Please choose a PNG, JPEG, WebP or GIF image.", "請選擇 PNG、JPEG、WebP 或 GIF 格式的圖片。";
    AvatarAlt => "Avatar of {name}", "{name} 的頭像";
    ExpertBadge => "Verified expert", "認證專家";
    Works => "Work", "作品";
    NoWorks => "No public work yet.", "尚無公開作品。";
    InChallenge => "Challenge: {challenge}", "挑戰：{challenge}";
    // expert applications
    ExpertTitle => "Become a verified expert", "申請成為認證專家";
    ExpertIntro => "Verified experts run workshops and carry a badge on their profile. Tell our staff about your work.", "認證專家可以開設工作坊，個人頁上也會顯示認證徽章。請向工作人員介紹您的作品。";
    Field => "Field of expertise", "專業領域";
    FieldHint => "For example: packaging design, illustration", "例如：包裝設計、插畫";
    AboutYourWork => "About you and your work", "關於您與您的作品";
    PortfolioLinks => "Portfolio links", "作品集連結";
    PortfolioHint => "One link per line.", "每行一個連結。";
    SendApplication => "Send application", "送出申請";
    Sending => "Sending…", "送出中…";
    ApplicationSent => "Thank you! Your application has been sent.", "謝謝！您的申請已送出。";
    MyApplications => "My applications", "我的申請";
    NoApplications => "You have not applied yet.", "您尚未提出申請。";
    StatusPending => "Pending", "審核中";
    StatusApproved => "Approved", "已核准";
    StatusRejected => "Rejected", "未核准";
    Reason => "Reason", "原因";
    AlreadyExpert => "You are a verified expert in {field}.", "您已是「{field}」領域的認證專家。";
    SentOn => "Sent", "送出日期";
    // staff
    ApplicationsTitle => "Expert applications", "專家申請審核";
    NoPending => "No applications are waiting for review.", "目前沒有待審核的申請。";
    Approve => "Approve", "核准";
    Reject => "Reject", "拒絕";
    RejectReason => "Reason for rejecting", "拒絕原因";
    ReasonRequired => "Please give a reason when rejecting.", "拒絕申請時請填寫原因。";
    DecisionSaved => "Decision saved for {handle}.", "已儲存 {handle} 的審核結果。";
    UsersTitle => "User administration", "使用者管理";
    SearchUsers => "Search by handle, name or email", "以代稱、名稱或電子郵件搜尋";
    Search => "Search", "搜尋";
    NoUsers => "No users found.", "找不到使用者。";
    Name => "Name", "名稱";
    Joined => "Joined", "加入日期";
    NewRoleFor => "New role for {handle}", "{handle} 的新身分";
    ChangeRole => "Change role", "變更身分";
    RoleChanged => "{handle} is now: {role}.", "{handle} 的身分已變更為：{role}。";
    AuditTitle => "Audit log", "稽核紀錄";
    When => "When", "時間";
    Actor => "Who", "執行者";
    Action => "Action", "動作";
    Subject => "Subject", "對象";
    Detail => "Detail", "詳細內容";
    SystemActor => "system", "系統";
    NoAudit => "Nothing has been logged yet.", "目前尚無紀錄。";
}

/// The text of `key` in `locale`.
pub fn text(locale: Locale, key: Key) -> &'static str {
    match locale {
        Locale::En => en(key),
        Locale::ZhTw => zh_tw(key),
    }
}

/// Replaces `{name}` placeholders in a translated template.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    args.iter().fold(template.to_owned(), |acc, (name, value)| {
        acc.replace(&format!("{{{name}}}"), value)
    })
}

/// A calendar date in the reader's conventions, at the given UTC offset.
pub fn format_date(locale: Locale, at: &DateTime<Utc>, offset_minutes: i32) -> String {
    let local = at.with_timezone(&fixed_offset(offset_minutes));
    match locale {
        Locale::En => local.format("%-d %b %Y").to_string(),
        Locale::ZhTw => local.format("%Y年%-m月%-d日").to_string(),
    }
}

/// Date and time, for logs.
pub fn format_date_time(locale: Locale, at: &DateTime<Utc>, offset_minutes: i32) -> String {
    let local = at.with_timezone(&fixed_offset(offset_minutes));
    match locale {
        Locale::En => local.format("%-d %b %Y, %H:%M").to_string(),
        Locale::ZhTw => local.format("%Y年%-m月%-d日 %H:%M").to_string(),
    }
}

fn fixed_offset(minutes: i32) -> FixedOffset {
    FixedOffset::east_opt(minutes.saturating_mul(60)).unwrap_or_else(|| Utc.fix())
}

/// The app's locale; `Copy`, so views capture it freely.
#[derive(Debug, Clone, Copy)]
pub struct I18n {
    locale: RwSignal<Locale>,
}

impl I18n {
    /// The current locale (tracked).
    pub fn locale(self) -> Locale {
        self.locale.get()
    }

    pub fn set_locale(self, locale: Locale) {
        self.locale.set(locale);
        browser::storage_set(STORAGE_KEY, locale.tag());
    }

    /// The text of `key` in the current locale (tracked).
    pub fn t(self, key: Key) -> &'static str {
        text(self.locale.get(), key)
    }

    /// A reactive text node for views: re-renders when the locale changes.
    pub fn tr(self, key: Key) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
        move || self.t(key)
    }

    /// `key`'s template with placeholders filled (tracked).
    pub fn fmt(self, key: Key, args: &[(&str, &str)]) -> String {
        fill(self.t(key), args)
    }

    /// A date in the current locale and the browser's time zone (tracked).
    pub fn date(self, at: &DateTime<Utc>) -> String {
        let offset = browser::utc_offset_minutes(at.timestamp_millis() as f64);
        format_date(self.locale(), at, offset)
    }

    pub fn date_time(self, at: &DateTime<Utc>) -> String {
        let offset = browser::utc_offset_minutes(at.timestamp_millis() as f64);
        format_date_time(self.locale(), at, offset)
    }
}

/// Creates the locale (stored choice, else the browser's languages) and provides it.
pub fn provide_i18n() -> I18n {
    let initial = browser::storage_get(STORAGE_KEY)
        .and_then(|tag| Locale::from_tag(&tag))
        .unwrap_or_else(|| {
            let langs = browser::preferred_languages();
            Locale::negotiate(langs.iter().map(String::as_str))
        });
    let i18n = I18n {
        locale: RwSignal::new(initial),
    };
    Effect::new(move |_| browser::set_document_lang(i18n.locale().tag()));
    provide_context(i18n);
    i18n
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

/// Sets the document title to "`key` · Atelier", following the locale.
pub fn use_title(key: Key) {
    let i18n = use_i18n();
    Effect::new(move |_| browser::set_document_title(&format!("{} · Atelier", i18n.t(key))));
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn every_key_has_text_in_every_locale() {
        for &key in Key::ALL {
            for locale in Locale::ALL {
                assert!(
                    !text(locale, key).trim().is_empty(),
                    "{key:?} has no {locale:?} text"
                );
            }
        }
    }

    #[test]
    fn translations_keep_the_same_placeholders() {
        let placeholders = |s: &str| {
            let mut names: Vec<String> = s
                .split('{')
                .skip(1)
                .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_owned()))
                .collect();
            names.sort();
            names
        };
        for &key in Key::ALL {
            assert_eq!(
                placeholders(text(Locale::En, key)),
                placeholders(text(Locale::ZhTw, key)),
                "{key:?}"
            );
        }
    }

    #[test]
    fn chinese_browsers_get_traditional_chinese() {
        for tag in ["zh-TW", "zh-Hant", "zh", "zh-Hant-TW", "zh_TW", "ZH-tw"] {
            assert_eq!(Locale::negotiate([tag]), Locale::ZhTw, "{tag}");
        }
    }

    #[test]
    fn everyone_else_gets_english() {
        assert_eq!(Locale::negotiate(["en-GB"]), Locale::En);
        assert_eq!(Locale::negotiate(["fr-FR", "de"]), Locale::En);
        assert_eq!(Locale::negotiate([]), Locale::En);
    }

    #[test]
    fn the_first_supported_preference_wins() {
        assert_eq!(Locale::negotiate(["fr", "zh-TW", "en"]), Locale::ZhTw);
        assert_eq!(Locale::negotiate(["en-US", "zh-TW"]), Locale::En);
    }

    #[test]
    fn a_locale_round_trips_through_its_tag() {
        for locale in Locale::ALL {
            assert_eq!(Locale::from_tag(locale.tag()), Some(locale));
        }
    }

    #[test]
    fn placeholders_are_filled() {
        assert_eq!(
            fill(
                "{handle} is now: {role}.",
                &[("handle", "@mei"), ("role", "Staff")]
            ),
            "@mei is now: Staff."
        );
    }

    #[test]
    fn dates_follow_the_locale_and_offset() {
        let at = Utc.with_ymd_and_hms(2026, 11, 21, 20, 30, 0).unwrap();
        assert_eq!(format_date(Locale::En, &at, 0), "21 Nov 2026");
        // 20:30 UTC is already the next day in Taipei (UTC+8).
        assert_eq!(format_date(Locale::ZhTw, &at, 8 * 60), "2026年11月22日");
        assert_eq!(
            format_date_time(Locale::En, &at, -5 * 60),
            "21 Nov 2026, 15:30"
        );
    }
}
