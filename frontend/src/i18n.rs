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
    AuditOlder => "Older entries", "較早的紀錄";
    AuditNewest => "Newest entries", "最新的紀錄";
    ChangeReason => "Reason for changing the timeline", "變更時程的原因";
    ChangeReasonHint => "Needed when phase times or tally visibility change; it goes into the audit log.", "變更階段時間或票數顯示時必填，並會記入稽核紀錄。";
    ChangeReasonNeeded => "Give a reason of at least 3 characters for changing phase times or tally visibility.", "變更階段時間或票數顯示時，請填寫至少 3 個字的原因。";
    // navigation (issue 4 and 5)
    NavPolls => "Polls", "投票";
    NavMyEntries => "My entries", "我的作品";
    NavStaffGroup => "Staff:", "管理：";
    NavStaffChallenges => "Manage challenges", "管理挑戰";
    NavStaffDuplicates => "Duplicates", "疑似重複";
    NavStaffVoteFlags => "Vote flags", "投票警示";
    Breadcrumb => "Breadcrumb", "頁面路徑";
    // shared bits
    Add => "Add", "加入";
    Edit => "Edit", "編輯";
    EditNamed => "Edit: {title}", "編輯：{title}";
    Actions => "Actions", "操作";
    Status => "Status", "狀態";
    Phase => "Phase", "階段";
    Description => "Description", "說明";
    Tags => "Tags", "標籤";
    TagsHint => "Comma-separated, up to 10 (letters, digits, - and _).", "以逗號分隔，最多 10 個（字母、數字、- 與 _）。";
    SaveChanges => "Save changes", "儲存變更";
    Downloading => "Downloading…", "下載中…";
    ChooseImage => "Choose an image", "選擇圖片";
    Results => "Results", "結果";
    SeeResults => "See the results", "查看結果";
    ResultsOf => "Results: {title}", "結果：{title}";
    Votes => "Votes", "票數";
    VoteOne => "{n} vote", "{n} 票";
    VoteMany => "{n} votes", "{n} 票";
    Share => "Share", "比例";
    Note => "Note", "備註";
    Option => "Option", "選項";
    ShowAsTable => "Show the numbers as a table", "以表格顯示數字";
    Winner => "Winner", "勝出";
    Eliminated => "Eliminated", "淘汰";
    CannotVoteNow => "You cannot vote here right now.", "您目前無法在此投票。";
    LogInToVote => "Log in to vote.", "請先登入再投票。";
    // challenge statuses
    StatusDraft => "Draft", "草稿";
    StatusPublished => "Published", "已發布";
    StatusArchived => "Archived", "已封存";
    // challenge page
    CountdownDays => "{days}d {time}", "{days} 天 {time}";
    CountdownSubmissions => "Entries open in", "距離開放投稿還有";
    CountdownVoting => "Voting opens in", "距離投票開始還有";
    CountdownVotingCloses => "Voting closes in", "距離投票截止還有";
    CountdownResults => "Results in", "距離公布結果還有";
    PhaseOverridden => "The phase was set by staff.", "目前階段由工作人員手動設定。";
    CoverAlt => "Cover image of {title}", "「{title}」的封面圖片";
    Brief => "Brief", "挑戰說明";
    ChallengeFacts => "Rules, prizes and dates", "規則、獎項與日期";
    Rules => "Rules", "規則";
    EntriesPerMember => "Entries per member", "每人投稿上限";
    AcceptedFormats => "Accepted formats", "接受的格式";
    MinimumSize => "Minimum size", "最小尺寸";
    NoMinimum => "No minimum", "無限制";
    Prizes => "Prizes", "獎項";
    Timeline => "Timeline", "時程";
    Entries => "Entries", "參賽作品";
    StaffRanking => "Ranking (staff)", "排名（工作人員）";
    EditChallenge => "Edit challenge", "編輯挑戰";
    SubmitEntry => "Submit your entry", "投稿參賽";
    LogInToSubmit => "Log in to submit an entry.", "請先登入再投稿。";
    StaffDoNotSubmit => "Staff run challenges and do not submit entries.", "工作人員負責舉辦挑戰，不參加投稿。";
    // entry form
    EntryFileHint => "{formats}, up to {size}.", "{formats}，最大 {size}。";
    EntryMinSize => "At least {width} × {height} pixels.", "至少 {width} × {height} 像素。";
    EntryWrongType => "This challenge accepts {formats} images only.", "此挑戰只接受 {formats} 格式的圖片。";
    EntryTooLarge => "That file is larger than {size}.", "檔案超過 {size}。";
    EntryEmptyFile => "That file is empty.", "這個檔案是空的。";
    EntryNoFile => "Please choose an image first.", "請先選擇圖片。";
    EntryTitle => "Title", "作品名稱";
    EntryPreviewAlt => "Preview of your image", "您的圖片預覽";
    PaletteCheck => "Palette check", "色票比對";
    CheckingColours => "Checking the colours…", "正在比對顏色…";
    UploadProgress => "Upload progress", "上傳進度";
    UploadSending => "Uploading your image…", "正在上傳圖片…";
    UploadProcessing => "Uploaded. Processing your image…", "已上傳，正在處理圖片…";
    UploadDone => "Upload complete.", "上傳完成。";
    EntrySubmitted => "Your entry has been submitted.", "您的作品已成功投稿。";
    ViewYourEntry => "View your entry", "查看您的作品";
    SubmitEntryButton => "Submit entry", "送出作品";
    // palette match
    PaletteMatch => "Palette match", "色票吻合度";
    PaletteScore => "Palette score:", "色票分數：";
    ImageColour => "Image colour", "圖片顏色";
    NearestPaletteColour => "Nearest palette colour", "最接近的色票顏色";
    ColourDifference => "Colour difference (ΔE)", "色差（ΔE）";
    // gallery
    ShuffleNote => "During voting, entries appear in a random order (the same for you each time), so every entry gets a fair look.", "投票期間作品會以隨機順序顯示（您每次看到的順序相同），讓每件作品都有公平的曝光機會。";
    FilterByTag => "Filter by tag", "依標籤篩選";
    FilterByTagNamed => "Show entries tagged {tag}", "顯示標籤為 {tag} 的作品";
    FilteredByTag => "Showing entries tagged #{tag}.", "正在顯示標籤為 #{tag} 的作品。";
    Filter => "Filter", "篩選";
    ClearFilter => "Clear filter", "清除篩選";
    SortBy => "Sort by", "排序方式";
    SortNewest => "Newest first", "最新優先";
    SortRank => "Ranking", "依排名";
    NoEntries => "No entries yet.", "目前還沒有作品。";
    LoadMore => "Load more", "載入更多";
    EntryAlt => "{title} by {author}", "{author} 的作品「{title}」";
    // entry page
    By => "By", "作者：";
    EntryVisible => "Visible", "公開";
    EntryHidden => "Hidden", "隱藏";
    EntryWithdrawn => "Withdrawn", "已撤回";
    EntryDisqualified => "Disqualified", "已取消資格";
    DominantColours => "Main colours", "主要顏色";
    DuplicateOf => "Suspected near-duplicate of entry", "疑似與此作品重複：";
    ReviewDuplicates => "Review suspected duplicates", "審查疑似重複的作品";
    DownloadOriginal => "Download original", "下載原始檔";
    RateThisEntry => "Rate this entry", "為這件作品評分";
    StaffDoNotVote => "Staff pick the winners and do not vote.", "工作人員負責選出得獎作品，不參與投票。";
    YourRating => "Your rating", "您的評分";
    StarOne => "{n} star", "{n} 顆星";
    StarMany => "{n} stars", "{n} 顆星";
    YourVote => "Your vote: {n}", "您的評分：{n}";
    NotVotedYet => "You have not rated this entry yet.", "您尚未為這件作品評分。";
    VoteSaved => "Your vote has been saved.", "已儲存您的評分。";
    EditEntry => "Edit your entry", "編輯您的作品";
    EntrySaved => "Your changes have been saved.", "已儲存變更。";
    WithdrawEntry => "Withdraw entry", "撤回作品";
    ConfirmWithdraw => "Withdraw this entry? It will leave the gallery and free your slot.", "確定要撤回這件作品嗎？作品將從展示區移除，並釋出您的投稿名額。";
    EntryWithdrawnNote => "Your entry has been withdrawn.", "您的作品已撤回。";
    // my entries
    NoMyEntries => "You have not entered any challenges yet.", "您還沒有參加任何挑戰。";
    DisqualifiedNote => "Staff removed this entry from the challenge.", "工作人員已將此作品從挑戰中移除。";
    // results
    ResultsNotYet => "The results are not out yet.", "結果尚未公布。";
    ResultsPublishedOn => "They will be published on", "預計公布時間：";
    BackToChallenge => "Back to the challenge", "回到挑戰頁面";
    StaffPreviewNote => "Staff preview: these results are not public yet.", "工作人員預覽：結果尚未公開。";
    Winners => "Winners", "得獎作品";
    NoWinnersYet => "The winners have not been picked yet.", "尚未選出得獎作品。";
    Ranking => "Ranking", "排名";
    RankingNamed => "Ranking of {title}", "「{title}」的排名";
    HowRanked => "How the ranking works:", "排名方式：";
    Rank => "Rank", "名次";
    Entry => "Entry", "作品";
    MeanScore => "Average", "平均分數";
    BayesianScore => "Score", "排名分數";
    PickWinners => "Pick the winners", "選出得獎作品";
    PickWinnersHint => "Add entries in place order: the first is first place. Use the buttons or drag them.", "請依名次加入作品：第一個即為第一名。可使用按鈕或拖曳排序。";
    WinnersInOrder => "Winners in place order", "依名次排列的得獎作品";
    Candidates => "Entries", "作品";
    SaveWinners => "Save winners", "儲存得獎作品";
    WinnersSaved => "The winners have been saved.", "已儲存得獎作品。";
    // ranking builder
    RankingHint => "Drag items, or use the buttons: ↑ and ↓ move, ✕ removes.", "可拖曳項目，或使用按鈕：↑、↓ 移動，✕ 移除。";
    RankingEmpty => "Nothing ranked yet: add options from the list.", "尚未排序：請從清單中加入選項。";
    RankingFull => "The list is full.", "清單已滿。";
    MoveUp => "Move {label} up", "將「{label}」上移";
    MoveDown => "Move {label} down", "將「{label}」下移";
    RemoveFromRanking => "Remove {label} from the ranking", "將「{label}」移出排序";
    AddToRanking => "Add {label} to the ranking", "將「{label}」加入排序";
    RankAnnounce => "{label} is now number {n}.", "「{label}」目前排在第 {n} 位。";
    RankRemovedAnnounce => "{label} was removed from the ranking.", "已將「{label}」移出排序。";
    // staff: challenges
    ManageChallenges => "Manage challenges", "管理挑戰";
    NewChallenge => "New challenge", "新增挑戰";
    ChallengeTitle => "Title", "標題";
    ViewChallenge => "View challenge", "查看挑戰";
    ChallengeSaved => "The challenge has been saved.", "挑戰已儲存。";
    AboutChallenge => "About the challenge", "挑戰內容";
    Slug => "Address (slug)", "網址代稱（slug）";
    SlugHint => "3-60 characters: a-z, 0-9 and -. The page will be /challenges/your-slug.", "3 至 60 個字元：a-z、0-9 與 -。頁面網址為 /challenges/代稱。";
    BriefHint => "Markdown: **bold**, *italic*, lists and links.", "支援 Markdown：**粗體**、*斜體*、清單與連結。";
    MinWidth => "Minimum width (px)", "最小寬度（像素）";
    MinHeight => "Minimum height (px)", "最小高度（像素）";
    TimesHint => "Times are in your time zone.", "時間以您所在的時區為準。";
    TalliesDuringVoting => "Show vote tallies while voting is open", "投票期間顯示計票結果";
    CreateChallenge => "Create challenge", "建立挑戰";
    ColourN => "Colour {n}", "顏色 {n}";
    RemoveColourN => "Remove colour {n}", "移除顏色 {n}";
    AddColour => "Add a colour", "新增顏色";
    FormBadNumber => "Please enter whole numbers.", "請輸入整數。";
    FormBadDate => "Please enter every date and time.", "請填寫所有日期與時間。";
    FormNoFormats => "Accept at least one image format.", "請至少選擇一種圖片格式。";
    FormPaletteSize => "A colour challenge needs 1 to 8 palette colours.", "色彩挑戰需要 1 至 8 個色票顏色。";
    FormOptionCount => "A poll needs 2 to 20 options.", "投票需要 2 至 20 個選項。";
    TextsIn => "Texts in", "內容語言";
    BilingualHint => "Write in one language or both. Readers see their own language, or the other one where a text is left empty.", "可以只寫一種語言，也可以兩種都寫。讀者會看到自己使用的語言；沒有填寫的部分，會改顯示另一種語言。";
    FormTitleMissing => "Give the challenge a title in at least one language.", "請至少用一種語言填寫挑戰標題。";
    FormPollIncomplete => "Fill in the question, the product and every option in at least one language.", "請至少用一種語言完整填寫問題、產品和每個選項。";
    PhaseOverride => "Phase override", "手動設定階段";
    CurrentPhase => "Current phase:", "目前階段：";
    SetPhase => "Set the phase to", "將階段設為";
    FollowClock => "Follow the schedule (no override)", "依時程自動切換（不手動設定）";
    ApplyPhase => "Apply", "套用";
    PhaseSaved => "The phase has been updated.", "階段已更新。";
    CoverImage => "Cover image", "封面圖片";
    CoverPreviewAlt => "Cover image preview", "封面圖片預覽";
    UploadCover => "Upload cover", "上傳封面";
    CoverUploaded => "The cover has been updated.", "封面已更新。";
    // staff: duplicates
    DuplicatesTitle => "Suspected duplicates", "疑似重複的作品";
    DuplicatesIntro => "These entries look almost the same as an earlier entry. Compare them, then disqualify the later one or clear the flag.", "這些作品與較早的作品幾乎相同。請比對後取消較晚作品的資格，或解除標記。";
    NoDuplicates => "No suspected duplicates to review.", "目前沒有待審查的疑似重複作品。";
    FlaggedEntry => "Flagged:", "被標記：";
    EarlierEntry => "Earlier:", "較早作品：";
    HashDistance => "Image difference: {n} of 64 (0 means identical).", "圖片差異：{n}／64（0 代表完全相同）。";
    DuplicateCardLabel => "Suspected duplicate: entry {id}", "疑似重複：作品 {id}";
    Disqualify => "Disqualify", "取消資格";
    NotADuplicate => "Not a duplicate", "不是重複";
    DuplicateDisqualified => "The entry has been disqualified.", "已取消該作品的資格。";
    DuplicateCleared => "The flag has been cleared.", "已解除標記。";
    // staff: vote flags
    VoteFlagsTitle => "Vote integrity flags", "投票異常警示";
    VoteFlagsIntro => "Patterns that may mean coordinated voting. Look into each and record what you found.", "可能代表集體灌票的投票模式。請逐一查看並記錄處理結果。";
    NoVoteFlags => "No flags have been raised.", "目前沒有任何警示。";
    FlagKind => "Kind", "類型";
    FlagNewAccountBurst => "Burst of votes from new accounts", "新帳號短時間內大量投票";
    FlagSharedIp => "Many accounts from one address", "多個帳號來自同一網路位址";
    Resolution => "Resolution", "處理結果";
    MarkReviewed => "Mark reviewed", "標記為已處理";
    Reviewed => "Reviewed", "已處理";
    // polls
    PollsIntro => "Help shape our products: vote on names, packaging and flavours.", "一起參與產品設計：為名稱、包裝與口味投票。";
    NoPolls => "No polls yet.", "目前沒有投票。";
    NewPoll => "New poll", "新增投票";
    PollScheduled => "Scheduled", "尚未開始";
    PollOpen => "Open", "投票中";
    PollClosed => "Closed", "已結束";
    MethodSingle => "Single choice", "單選";
    MethodApproval => "Approval", "複選";
    MethodRanked => "Ranked choice", "排序投票";
    EligibilityAll => "All members", "所有成員";
    EligibilityInvited => "Invited members", "受邀成員";
    YouVoted => "You voted", "已投票";
    PollOpens => "Opens", "開始時間";
    PollCloses => "Closes", "截止時間";
    PollOpensIn => "Voting opens in", "距離開始投票還有";
    PollClosesIn => "Voting closes in", "距離投票截止還有";
    Product => "Product", "產品";
    BallotChanges => "Changing your ballot", "修改選票";
    ChangesAllowed => "Allowed until the poll closes", "截止前可修改";
    ChangesNotAllowed => "Not allowed: your first ballot is final", "不可修改：第一次投票即為最終結果";
    SingleHint => "Choose one option.", "請選擇一個選項。";
    ApprovalHint => "Choose every option you like, up to {n}.", "請選擇您喜歡的選項，最多 {n} 個。";
    RankedHint => "Rank the options in order of preference. You need not rank them all; ballots are counted by instant runoff.", "請依喜好排列選項，不必全部排序；將以即時決選制計票。";
    CastBallot => "Cast your ballot", "投下您的選票";
    CastMyBallot => "Cast my ballot", "送出選票";
    UpdateBallot => "Update my ballot", "更新選票";
    BallotCounted => "Your ballot has been counted.", "已收到您的選票。";
    BallotIsFinal => "You have voted. This poll does not allow changing a ballot.", "您已投票，此投票不開放修改選票。";
    YourBallot => "Your ballot", "您的選票";
    PollNotOpenYet => "This poll has not opened yet.", "此投票尚未開始。";
    PollHasClosed => "This poll has closed.", "此投票已結束。";
    StaffDoNotVotePolls => "Staff run polls and do not vote in them.", "工作人員負責舉辦投票，不參與投票。";
    ChooseOne => "Choose one", "選擇一項";
    ChooseUpTo => "Choose up to {n}", "最多選擇 {n} 項";
    ChosenCount => "{n} of {max} chosen", "已選 {n}／{max} 項";
    YourRanking => "Your ranking", "您的排序";
    NotRanked => "Not ranked", "未排序";
    StaffTools => "Staff tools", "工作人員工具";
    LiveResults => "Results so far (staff)", "目前結果（工作人員）";
    ExportCsv => "Export ballots (CSV)", "匯出選票（CSV）";
    InviteMembers => "Invite members", "邀請成員";
    HandlesToInvite => "Handles to invite", "要邀請的代稱";
    HandlesHint => "Separate handles with commas, spaces or new lines.", "以逗號、空格或換行分隔代稱。";
    Invite => "Invite", "邀請";
    InvitedList => "Invited: {handles}.", "已邀請：{handles}。";
    UnknownHandles => "Unknown handles: {handles}.", "找不到的代稱：{handles}。";
    OptionImages => "Option images", "選項圖片";
    ImageForOption => "Image for {label}", "「{label}」的圖片";
    // poll results
    PollResultsLater => "Results are published when the poll closes:", "結果將於投票截止後公布：";
    BackToPoll => "Back to the poll", "回到投票頁面";
    BallotsOne => "{n} ballot", "{n} 張選票";
    BallotsMany => "{n} ballots", "{n} 張選票";
    WinnerIs => "Winner: {label}", "勝出：{label}";
    NoWinner => "No option won: no ballot ranked anything.", "沒有勝出的選項：沒有任何有效選票。";
    FirstPreferences => "First preferences", "第一志願票數";
    VotesPerOption => "Votes per option", "各選項票數";
    RunoffRounds => "Instant-runoff rounds", "即時決選各輪結果";
    RoundN => "Round {n}", "第 {n} 輪";
    RoundCaption => "{active} ballots counted, {exhausted} exhausted (no option left on them).", "計入 {active} 張選票，{exhausted} 張已用盡（已無可計的選項）。";
    EliminatedAfterRound => "{label} had the fewest votes and was eliminated; its ballots move to their next choice.", "「{label}」票數最少遭淘汰，其選票轉給下一個志願。";
    TieBroken => "(a tie for last place, broken by the rules below)", "（最後一名同票，依下方規則決定）";
    MajorityReached => "An option has more than half of the ballots: the count ends.", "已有選項獲得過半選票，計票結束。";
    HowCounted => "How the ballots are counted:", "計票方式：";
    // poll form
    Question => "Question", "問題";
    CountingMethod => "Counting method", "計票方式";
    MaxChoices => "Most options a ballot may approve", "每張選票最多可選數量";
    WhoMayVote => "Who may vote", "投票資格";
    AllowChange => "Members may change their ballot until the poll closes", "截止前成員可修改選票";
    Options => "Options", "選項";
    OptionsHint => "2 to 20 options; each must differ.", "2 至 20 個選項，且不可重複。";
    OptionN => "Option {n}", "選項 {n}";
    RemoveOptionN => "Remove option {n}", "移除選項 {n}";
    AddOption => "Add an option", "新增選項";
    CreatePoll => "Create poll", "建立投票";
    // the server's explanations, translated
    PaletteExplanation => "Each dominant colour of the image is compared with its nearest palette colour; closer colours and larger shares raise the score, 100 meaning the image uses only palette colours.", "將圖片的每個主要顏色與最接近的色票顏色比較（CIE 色差）；顏色越接近、占比越大，分數越高，100 分代表圖片只使用色票中的顏色。";
    RankingMethodText => "Entries are ranked by a Bayesian average, so a handful of votes is pulled towards the challenge's mean. Staff pick the winners from this ranking.", "作品依貝氏平均排名：（5 × 挑戰的平均評分 + 作品的總分）÷（5 + 作品的票數），票數少的作品會被拉向平均值。同分時票數多者優先，再同則較早投稿者優先。得獎作品由工作人員依此排名選出。";
    RulesInstantRunoff => "Each round every ballot counts for its highest-ranked option still in the race; an option with more than half wins, otherwise the option with the fewest votes is eliminated.", "每一輪，每張選票計入其排序最前、且仍在競逐中的選項；獲得該輪有效選票過半的選項勝出，否則淘汰票數最少的選項。最少票同票時，依最近一輪票數不同的結果決定；仍相同則淘汰排列較後的選項。";
    RulesPlurality => "Most votes wins; a tie goes to the option listed first.", "得票最多者勝出；同票時，排列較前的選項勝出。";
    // server error codes (issue 4 and 5)
    ErrUnsupportedFormat => "That file is not a PNG, JPEG, WebP or GIF image.", "此檔案不是 PNG、JPEG、WebP 或 GIF 圖片。";
    ErrFormatNotAccepted => "This challenge does not accept that image format.", "此挑戰不接受這種圖片格式。";
    ErrImageTooLarge => "That image has too many pixels.", "這張圖片的像素過多。";
    ErrEntryLimit => "You have used all your entries for this challenge.", "您在此挑戰的投稿名額已用完。";
    ErrSubmissionsClosed => "This challenge is not accepting entries now.", "此挑戰目前不開放投稿。";
    ErrMissingFile => "Please choose an image to upload.", "請選擇要上傳的圖片。";
    ErrUploadFailed => "The upload did not finish. Please try again.", "上傳未完成，請再試一次。";
    ErrInvalidTitle => "Please give a title (up to 120 characters).", "請填寫標題（最多 120 個字元）。";
    ErrInvalidDescription => "The description is too long.", "說明太長了。";
    ErrInvalidTags => "Tags may use letters, digits, - and _ (up to 10 tags of 30 characters).", "標籤只能使用字母、數字、- 與 _（最多 10 個，每個最多 30 個字元）。";
    ErrEntryLocked => "This entry can no longer be changed.", "這件作品已無法修改。";
    ErrNotColourChallenge => "This is not a colour challenge.", "這不是色彩挑戰。";
    ErrResultsNotPublished => "The results are not published yet.", "結果尚未公布。";
    ErrOwnEntry => "You cannot vote on your own entry.", "您不能為自己的作品評分。";
    ErrVotingNotOpen => "Voting is not open for this challenge.", "此挑戰目前不開放投票。";
    ErrAccountTooNew => "Your account is too new to vote. Please try again later.", "您的帳號註冊時間太短，暫時無法投票，請稍後再試。";
    ErrInvalidScore => "Please choose 1 to 5 stars.", "請選擇 1 至 5 顆星。";
    ErrVotingNotClosed => "Winners can be picked once voting has closed.", "投票截止後才能選出得獎作品。";
    ErrInvalidWinners => "Pick 1 to 10 different entries of this challenge.", "請從此挑戰中選出 1 至 10 件不同的作品。";
    ErrNotFlagged => "This entry is no longer flagged.", "這件作品已不在標記清單中。";
    ErrSlugTaken => "Another challenge already uses this address.", "已有其他挑戰使用這個網址代稱。";
    ErrInvalidSlug => "The address may use 3-60 characters: a-z, 0-9 and -.", "網址代稱須為 3 至 60 個字元：a-z、0-9 與 -。";
    ErrInvalidPalette => "The palette needs 1 to 8 colours like #a3391f.", "色票需要 1 至 8 個顏色，格式如 #a3391f。";
    ErrInvalidRules => "Please check the rules (entries per member 1-20, at least one format).", "請檢查規則（每人投稿 1 至 20 件，至少一種格式）。";
    ErrInvalidPhaseTimes => "The dates must follow each other: entries open, voting opens, voting closes, results.", "日期須依序排列：開放投稿、投票開始、投票截止、公布結果。";
    ErrTextTooLong => "That text is too long.", "文字太長了。";
    ErrMissingField => "Please fill in every required field.", "請填寫所有必填欄位。";
    ErrNotInvited => "This poll is for invited members only.", "此投票僅限受邀成員參加。";
    ErrPollNotOpen => "This poll is not open.", "此投票目前未開放。";
    ErrBallotFinal => "This poll does not allow changing a ballot.", "此投票不開放修改選票。";
    ErrInvalidChoice => "Please check your choices.", "請檢查您的選擇。";
    ErrPollLocked => "A poll cannot change once it has opened.", "投票開始後即無法修改。";
    ErrInvalidQuestion => "The question must be 3-200 characters.", "問題須為 3 至 200 個字元。";
    ErrInvalidProduct => "Please name the product (up to 120 characters).", "請填寫產品名稱（最多 120 個字元）。";
    ErrInvalidOptions => "A poll needs 2 to 20 different options.", "投票需要 2 至 20 個不同的選項。";
    ErrInvalidMaxChoices => "The number of choices must be between 1 and the number of options.", "可選數量須介於 1 與選項總數之間。";
    ErrInvalidPollTimes => "A poll must close after it opens.", "投票截止時間必須晚於開始時間。";
    ErrTooManyInvites => "Invite at most 500 members at a time.", "一次最多邀請 500 位成員。";
    // email verification
    VerifyEmailTitle => "Confirm your email address", "確認電子郵件地址";
    EmailVerified => "Thank you: your email address is confirmed.", "謝謝，您的電子郵件地址已確認。";
    VerifyNoToken => "Open this page with the link from the mail we sent you.", "請使用我們寄給您的郵件中的連結開啟此頁面。";
    UnverifiedBanner => "Please confirm your email address: open the link we mailed to {email}.", "請確認您的電子郵件地址：開啟我們寄到 {email} 的連結。";
    ResendVerification => "Send the link again", "重新寄送連結";
    VerificationResent => "We sent you a new link.", "已重新寄送連結。";
    ErrEmailUnverified => "Confirm your email address first, with the link we mailed you.", "請先使用我們寄給您的連結確認電子郵件地址。";
    ErrVerificationInvalid => "This link is not valid. Log in and ask for a new one.", "此連結無效。請登入後重新索取。";
    ErrVerificationExpired => "This link has expired. Log in and ask for a new one.", "此連結已過期。請登入後重新索取。";
    ErrAlreadyVerified => "Your email address is already confirmed.", "您的電子郵件地址已經確認過了。";
    ErrMailUnavailable => "The mail could not be sent right now. Please try again later.", "目前無法寄送郵件，請稍後再試。";
    // staff: discounting flagged votes
    DiscountVotes => "Discount these votes", "不計入這些票";
    VotesDiscounted => "Votes discounted: {count}", "已排除票數：{count}";
    ErrNotDiscountable => "Only flags on entry votes can be discounted.", "只有作品投票的警示可以排除票數。";
}

/// The text of `key` in `locale`.
pub fn text(locale: Locale, key: Key) -> &'static str {
    match locale {
        Locale::En => en(key),
        Locale::ZhTw => zh_tw(key),
    }
}

/// "1st place", "第 1 名": a winner's place.
pub fn place_label(locale: Locale, place: i32) -> String {
    match locale {
        Locale::En => {
            let suffix = match (place % 10, place % 100) {
                (_, 11..=13) => "th",
                (1, _) => "st",
                (2, _) => "nd",
                (3, _) => "rd",
                _ => "th",
            };
            format!("{place}{suffix} place")
        }
        Locale::ZhTw => format!("第 {place} 名"),
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
    fn places_read_as_ordinals() {
        let en: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 101]
            .into_iter()
            .map(|n| place_label(Locale::En, n))
            .collect();
        assert_eq!(
            en,
            [
                "1st place",
                "2nd place",
                "3rd place",
                "4th place",
                "11th place",
                "12th place",
                "13th place",
                "21st place",
                "22nd place",
                "101st place"
            ]
        );
        assert_eq!(place_label(Locale::ZhTw, 2), "第 2 名");
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
