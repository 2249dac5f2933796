# Every text of the web app in Traditional Chinese (Taiwan).
# Same ids and the same variables as en/ui.ftl; the build checks both.

## shell

skip-to-content = 跳至主要內容
nav-main = 主選單
nav-account = 帳號
nav-home = 首頁
nav-challenges = 挑戰
nav-my-profile = 我的個人檔案
nav-expert = 申請成為專家
nav-staff-applications = 專家申請
nav-staff-users = 使用者
nav-staff-audit = 稽核紀錄
log-in = 登入
register = 註冊
log-out = 登出
signed-in-as = 目前登入：
language = 語言
footer-text = Atelier — 社群一起設計的地方。
loading = 載入中…
retry = 重試
## home

home-intro = 提交作品、為喜愛的創作投票，並向專家學習。
# The number is shown before it, in its own element.
stat-members =
    { $count ->
       *[other] 位成員
    }
# The number is shown before it, in its own element.
stat-challenges =
    { $count ->
       *[other] 項挑戰
    }
latest-challenges = 最新挑戰
see-all-challenges = 查看所有挑戰
no-challenges = 目前還沒有挑戰。
join-cta = 加入社群

## challenges

group-open = 進行中
group-upcoming = 即將開始
group-past = 已結束的挑戰
nothing-here = 目前沒有項目。
phase-upcoming = 即將開始
phase-submissions = 徵件中
phase-voting = 投票中
phase-closed = 已截止
phase-results = 已公布結果
theme = 類型
theme-holiday = 節慶
theme-topic = 主題
theme-colour = 色彩
palette = 色票
submissions-open = 開放投稿
voting-opens = 投票開始
voting-closes = 投票截止
results-on = 公布結果

## not found

not-found-title = 找不到頁面
not-found-body = 我們找不到您要找的頁面。
back-home = 回到首頁

## accounts

email = 電子郵件
password = 密碼
handle = 代稱
handle-hint = 您的公開網址：/u/您的代稱
display-name = 顯示名稱
login-title = 登入 Atelier
logging-in = 登入中…
no-account = 第一次來？
create-account = 建立帳號
register-submit = 建立帳號
register-title = 建立您的帳號
registering = 正在建立帳號…
have-account = 已經有帳號了？
already-logged-in = 您已用 { $handle } 登入。
login-required = 請先登入才能查看此頁面。
staff-only = 此頁面僅限工作人員使用。

## profiles

role = 身分
role-member = 成員
role-expert = 專家
role-staff = 工作人員
role-admin = 管理員
member-since = { $date } 加入
view-public-profile = 查看我的公開個人頁
edit-profile = 編輯個人檔案
bio = 自我介紹
no-bio = 尚未填寫自我介紹。
save = 儲存
saving = 儲存中…
profile-saved = 個人檔案已儲存。
avatar = 頭像
avatar-choose = 選擇圖片（PNG、JPEG、WebP 或 GIF，最大 5 MB）
avatar-preview = 新頭像預覽
avatar-upload = 上傳頭像
uploading = 上傳中…
avatar-uploaded = 頭像已更新。
avatar-too-large = 這張圖片超過 5 MB。
avatar-wrong-type = 請選擇 PNG、JPEG、WebP 或 GIF 格式的圖片。
avatar-alt = { $name } 的頭像
expert-badge = 認證專家
works = 作品
no-works = 尚無公開作品。
in-challenge = 挑戰：{ $challenge }

## expert applications

expert-title = 申請成為認證專家
expert-intro = 認證專家可以開設工作坊，個人頁上也會顯示認證徽章。請向工作人員介紹您的作品。
field = 專業領域
field-hint = 例如：包裝設計、插畫
about-your-work = 關於您與您的作品
portfolio-links = 作品集連結
portfolio-hint = 每行一個連結。
send-application = 送出申請
sending = 送出中…
application-sent = 謝謝！您的申請已送出。
my-applications = 我的申請
status-pending = 審核中
status-approved = 已核准
status-rejected = 未核准
reason = 原因
already-expert = 您已是「{ $field }」領域的認證專家。
sent-on = 送出日期

## staff

applications-title = 專家申請審核
no-pending = 目前沒有待審核的申請。
approve = 核准
reject = 拒絕
reject-reason = 拒絕原因
reason-required = 拒絕申請時請填寫原因。
decision-saved = 已儲存 { $handle } 的審核結果。
users-title = 使用者管理
search-users = 以代稱、名稱或電子郵件搜尋
search = 搜尋
no-users = 找不到使用者。
name = 名稱
joined = 加入日期
new-role-for = { $handle } 的新身分
change-role = 變更身分
role-changed = { $handle } 的身分已變更為：{ $role }。
audit-title = 稽核紀錄
when = 時間
actor = 執行者
action = 動作
subject = 對象
detail = 詳細內容
system-actor = 系統
no-audit = 目前尚無紀錄。
audit-older = 較早的紀錄
audit-newest = 最新的紀錄
change-reason = 變更時程的原因
change-reason-hint = 變更階段時間或票數顯示時必填，並會記入稽核紀錄。
change-reason-needed = 變更階段時間或票數顯示時，請填寫至少 3 個字的原因。

## navigation (issue 4 and 5)

nav-polls = 共創投票
nav-my-entries = 我的作品
nav-staff-group = 管理：
nav-staff-challenges = 管理挑戰
nav-staff-duplicates = 疑似重複
nav-staff-vote-flags = 投票警示
breadcrumb = 頁面路徑

## shared bits

add = 加入
edit = 編輯
edit-named = 編輯：{ $title }
actions = 操作
status = 狀態
phase = 階段
description = 說明
tags = 標籤
tags-hint = 以逗號分隔，最多 10 個（字母、數字、- 與 _）。
save-changes = 儲存變更
downloading = 下載中…
choose-image = 選擇圖片
results = 結果
see-results = 查看結果
results-of = 結果：{ $title }
votes = 票數
vote-count = { $count } 票
share = 比例
note = 備註
option = 選項
show-as-table = 以表格顯示數字
winner = 勝出
eliminated = 淘汰
cannot-vote-now = 您目前無法在此投票。
log-in-to-vote = 請先登入再投票。

## challenge statuses

status-draft = 草稿
status-published = 已發布
status-archived = 已封存

## challenge page

countdown-days = { $days } 天 { $time }
countdown-submissions = 距離開放投稿還有
countdown-voting = 距離投票開始還有
countdown-voting-closes = 距離投票截止還有
countdown-results = 距離公布結果還有
phase-overridden = 目前階段由工作人員手動設定。
cover-alt = 「{ $title }」的封面圖片
brief = 挑戰說明
challenge-facts = 規則、獎項與日期
rules = 規則
entries-per-member = 每人投稿上限
accepted-formats = 接受的格式
minimum-size = 最小尺寸
no-minimum = 無限制
prizes = 獎項
timeline = 時程
entries = 參賽作品
staff-ranking = 排名（工作人員）
edit-challenge = 編輯挑戰
submit-entry = 投稿參賽
staff-do-not-submit = 工作人員負責舉辦挑戰，不參加投稿。

## entry form

entry-file-hint = { $formats }，最大 { $size }。
entry-min-size = 至少 { $width } × { $height } 像素。
entry-wrong-type = 此挑戰只接受 { $formats } 格式的圖片。
entry-too-large = 檔案超過 { $size }。
entry-empty-file = 這個檔案是空的。
entry-no-file = 請先選擇圖片。
entry-title = 作品名稱
entry-preview-alt = 您的圖片預覽
palette-check = 色票比對
checking-colours = 正在比對顏色…
upload-progress = 上傳進度
upload-sending = 正在上傳圖片…
upload-processing = 已上傳，正在處理圖片…
upload-done = 上傳完成。
entry-submitted = 您的作品已成功投稿。
view-your-entry = 查看您的作品
submit-entry-button = 送出作品

## palette match

palette-match = 色票吻合度
palette-score = 色票分數：
image-colour = 圖片顏色
nearest-palette-colour = 最接近的色票顏色
colour-difference = 色差（ΔE）

## gallery

shuffle-note = 投票期間作品會以隨機順序顯示（您每次看到的順序相同），讓每件作品都有公平的曝光機會。
filter-by-tag = 依標籤篩選
filter-by-tag-named = 顯示標籤為 { $tag } 的作品
filtered-by-tag = 正在顯示標籤為 #{ $tag } 的作品。
filter = 篩選
clear-filter = 清除篩選
sort-by = 排序方式
sort-newest = 最新優先
sort-rank = 依排名
no-entries = 目前還沒有作品。
load-more = 載入更多
entry-alt = { $author } 的作品「{ $title }」

## entry page

by = 作者：
entry-visible = 公開
entry-hidden = 隱藏
entry-withdrawn = 已撤回
entry-disqualified = 已取消資格
dominant-colours = 主要顏色
duplicate-of = 疑似與此作品重複：
review-duplicates = 審查疑似重複的作品
download-original = 下載原始檔
rate-this-entry = 為這件作品評分
staff-do-not-vote = 工作人員負責選出得獎作品，不參與投票。
your-rating = 您的評分
star-count = { $count } 顆星
your-vote = 您的評分：{ $n }
not-voted-yet = 您尚未為這件作品評分。
vote-saved = 已儲存您的評分。
edit-entry = 編輯您的作品
entry-saved = 已儲存變更。
withdraw-entry = 撤回作品
confirm-withdraw = 確定要撤回這件作品嗎？作品將從展示區移除，並釋出您的投稿名額。
entry-withdrawn-note = 您的作品已撤回。

## my entries

no-my-entries = 您還沒有參加任何挑戰。
disqualified-note = 工作人員已將此作品從挑戰中移除。

## results

results-not-yet = 結果尚未公布。
results-published-on = 預計公布時間：
back-to-challenge = 回到挑戰頁面
staff-preview-note = 工作人員預覽：結果尚未公開。
winners = 得獎作品
# A winner's place: "1st place", "第 1 名".
place = 第 { $place } 名
no-winners-yet = 尚未選出得獎作品。
ranking = 排名
ranking-named = 「{ $title }」的排名
rank = 名次
entry = 作品
mean-score = 平均分數
bayesian-score = 排名分數
pick-winners = 選出得獎作品
pick-winners-hint = 請依名次加入作品：第一個即為第一名。可使用按鈕或拖曳排序。
winners-in-order = 依名次排列的得獎作品
candidates = 作品
save-winners = 儲存得獎作品
winners-saved = 已儲存得獎作品。

## ranking builder

ranking-hint = 可拖曳項目，或使用按鈕：↑、↓ 移動，✕ 移除。
ranking-empty = 尚未排序：請從清單中加入選項。
ranking-full = 清單已滿。
move-up = 將「{ $label }」上移
move-down = 將「{ $label }」下移
remove-from-ranking = 將「{ $label }」移出排序
add-to-ranking = 將「{ $label }」加入排序
rank-announce = 「{ $label }」目前排在第 { $n } 位。
rank-removed-announce = 已將「{ $label }」移出排序。

## staff: challenges

manage-challenges = 管理挑戰
new-challenge = 新增挑戰
challenge-title = 標題
view-challenge = 查看挑戰
challenge-saved = 挑戰已儲存。
about-challenge = 挑戰內容
slug = 網址代稱（slug）
slug-hint = 3 至 60 個字元：a-z、0-9 與 -。頁面網址為 /challenges/代稱。
brief-hint = 支援 Markdown：**粗體**、*斜體*、清單與連結。
min-width = 最小寬度（像素）
min-height = 最小高度（像素）
times-hint = 時間以您所在的時區為準。
tallies-during-voting = 投票期間顯示計票結果
create-challenge = 建立挑戰
colour-n = 顏色 { $n }
remove-colour-n = 移除顏色 { $n }
add-colour = 新增顏色
form-bad-number = 請輸入整數。
form-bad-date = 請填寫所有日期與時間。
form-no-formats = 請至少選擇一種圖片格式。
form-palette-size = 色彩挑戰需要 1 至 8 個色票顏色。
form-option-count = 投票需要 2 至 20 個選項。
texts-in = 內容語言
bilingual-hint = 可以只寫一種語言，也可以兩種都寫。讀者會看到自己使用的語言；沒有填寫的部分，會改顯示另一種語言。
form-title-missing = 請至少用一種語言填寫挑戰標題。
form-poll-incomplete = 請至少用一種語言完整填寫問題、產品和每個選項。
phase-override = 手動設定階段
current-phase = 目前階段：
set-phase = 將階段設為
follow-clock = 依時程自動切換（不手動設定）
apply-phase = 套用
phase-saved = 階段已更新。
cover-image = 封面圖片
cover-preview-alt = 封面圖片預覽
upload-cover = 上傳封面
cover-uploaded = 封面已更新。

## staff: duplicates

duplicates-title = 疑似重複的作品
duplicates-intro = 這些作品與較早的作品幾乎相同。請比對後取消較晚作品的資格，或解除標記。
no-duplicates = 目前沒有待審查的疑似重複作品。
flagged-entry = 被標記：
earlier-entry = 較早作品：
hash-distance = 圖片差異：{ $n }／64（0 代表完全相同）。
duplicate-card-label = 疑似重複：作品 { $id }
disqualify = 取消資格
not-a-duplicate = 不是重複
duplicate-disqualified = 已取消該作品的資格。
duplicate-cleared = 已解除標記。

## staff: vote flags

vote-flags-title = 投票異常警示
vote-flags-intro = 可能代表集體灌票的投票模式。請逐一查看並記錄處理結果。
no-vote-flags = 目前沒有任何警示。
flag-kind = 類型
flag-new-account-burst = 新帳號短時間內大量投票
flag-shared-ip = 多個帳號來自同一網路位址
resolution = 處理結果
mark-reviewed = 標記為已處理
reviewed = 已處理

## polls

polls-intro = 一起參與產品設計：為名稱、包裝與口味投票。
no-polls = 目前沒有共創投票。
new-poll = 新增共創投票
poll-scheduled = 尚未開始
poll-open = 開放投票
poll-closed = 已結束
method-single = 單選
method-approval = 複選
method-ranked = 排序投票
eligibility-all = 所有成員
eligibility-invited = 受邀成員
you-voted = 已投票
poll-opens = 開始時間
poll-closes = 截止時間
poll-opens-in = 距離開始投票還有
poll-closes-in = 距離投票截止還有
product = 產品
ballot-changes = 修改選票
changes-allowed = 截止前可修改
changes-not-allowed = 不可修改：第一次投票即為最終結果
single-hint = 請選擇一個選項。
approval-hint = 請選擇您喜歡的選項，最多 { $n } 個。
ranked-hint = 請依喜好排列選項，不必全部排序；將以即時決選制計票。
cast-ballot = 投下您的選票
cast-my-ballot = 送出選票
update-ballot = 更新選票
ballot-counted = 已收到您的選票。
ballot-is-final = 您已投票，此投票不開放修改選票。
your-ballot = 您的選票
poll-not-open-yet = 此投票尚未開始。
poll-has-closed = 此投票已結束。
staff-do-not-vote-polls = 工作人員負責舉辦投票，不參與投票。
choose-one = 選擇一項
choose-up-to = 最多選擇 { $n } 項
chosen-count = 已選 { $n }／{ $max } 項
your-ranking = 您的排序
not-ranked = 未排序
staff-tools = 工作人員工具
live-results = 目前結果（工作人員）
export-csv = 匯出選票（CSV）
invite-members = 邀請成員
handles-to-invite = 要邀請的代稱
handles-hint = 以逗號、空格或換行分隔代稱。
invite = 邀請
invited-list = 已邀請：{ $handles }。
unknown-handles = 找不到的代稱：{ $handles }。
option-images = 選項圖片
image-for-option = 「{ $label }」的圖片

## poll results

poll-results-later = 結果將於投票截止後公布：
back-to-poll = 回到投票頁面
ballot-count = { $count } 張選票
winner-is = 勝出：{ $label }
no-winner = 沒有勝出的選項：沒有任何有效選票。
first-preferences = 第一志願票數
votes-per-option = 各選項票數
runoff-rounds = 即時決選各輪結果
round-n = 第 { $n } 輪
round-caption = 計入 { $active } 張選票，{ $exhausted } 張已用盡（已無可計的選項）。
eliminated-after-round = 「{ $label }」票數最少遭淘汰，其選票轉給下一個志願。
majority-reached = 已有選項獲得過半選票，計票結束。
how-counted = 計票方式：

## poll form

question = 問題
counting-method = 計票方式
max-choices = 每張選票最多可選數量
who-may-vote = 投票資格
allow-change = 截止前成員可修改選票
options = 選項
options-hint = 2 至 20 個選項，且不可重複。
option-n = 選項 { $n }
remove-option-n = 移除選項 { $n }
add-option = 新增選項
create-poll = 建立投票

## the server's explanations, translated

palette-explanation = 將圖片的每個主要顏色與最接近的色票顏色比較（CIE 色差）；顏色越接近、占比越大，分數越高，100 分代表圖片只使用色票中的顏色。
rules-instant-runoff = 每一輪，每張選票計入其排序最前、且仍在競逐中的選項；獲得該輪有效選票過半的選項勝出，否則淘汰票數最少的選項。最少票同票時，依最近一輪票數不同的結果決定；仍相同則以可重現的抽籤決定，抽籤種子與結果一併公布。
rules-plurality = 得票最多者勝出。最高票同票時會標示為同票，並以可重現的抽籤決定；抽籤種子與結果一併公布。

## server error codes (issue 4 and 5)

## email verification

verify-email-title = 確認電子郵件地址
email-verified = 謝謝，您的電子郵件地址已確認。
verify-no-token = 請使用我們寄給您的郵件中的連結開啟此頁面。
unverified-banner = 請確認您的電子郵件地址：開啟我們寄到 { $email } 的連結。
resend-verification = 重新寄送連結
verification-resent = 已重新寄送連結。

## staff: discounting flagged votes

discount-votes = 不計入這些票
votes-discounted = 已排除票數：{ $count }

## layout: phone menu, not-found and empty states

nav-menu = 選單
not-found-challenge = 這個網址沒有挑戰，或挑戰尚未發布。
not-found-entry = 沒有這個編號的作品，或作品已不再顯示。
not-found-poll = 沒有這個編號的投票，或您無法查看。
not-found-user = 沒有使用這個代稱的成員。
back-to-challenges = 回到挑戰列表
back-to-polls = 回到投票列表
gallery-tag-count =
    { $count ->
        [0] 沒有標記 #{ $tag } 的作品。
       *[other] 共 { $count } 件作品標記 #{ $tag }。
    }
show-all-entries = 顯示全部作品
## polls & experts

leading-is = 目前領先：{ $label }
live-results-note = 投票仍在進行中：以下是即時結果，並非最終結果。
majority-leading = 目前此選項已獲得過半票數。
tied-for-win = 同票：{ $labels } 得票數相同。
tied-for-lead = 目前同票領先：{ $labels }。
tied-for-last = 最後一名同票：{ $labels }。
tie-broken-winner = 同票由 { $label } 勝出，依據：
tie-broken-leading = 目前同票暫由 { $label } 領先，依據：
tie-break-earlier-rounds = 比較同票選項在較早輪次中票數不同的最近一輪，當時票數較少者被淘汰。
tie-break-draw = 可重現的抽籤。每個同票選項的號碼是種子 { $seed }、一個冒號與選項編號所組成字串的 SHA-256；號碼最小者勝出（在排序複選的輪次中，號碼最大者被淘汰）。投票者看到的選項順序是隨機打亂的，因此排列順序不影響結果。
option-image-n = 選項 { $n } 的圖片（選填）
option-images-hint = 投票開始前都可以新增或更換圖片。
poll-created = 已建立投票。
poll-created-images = 已建立投票，並加入 { $n } 張選項圖片。
option-images-failed = 有 { $n } 張圖片未能加入：請在投票開始前，於「選項圖片」中補上。
option-image-added = 已為「{ $label }」加入圖片。
expert-bio-rule = 請用 { $min } 至 { $max } 個字介紹你的作品：做什麼、為誰而做、從何時開始。核准後會成為你個人頁面的簡介。
expert-bio-count = 已輸入 { $n } 個字（至少 { $min } 個，最多 { $max } 個）
application-pending-title = 你的申請正在等待審核
application-pending-text = 你申請成為「{ $field }」領域的專家。工作人員審核後，結果會顯示在這裡。
application-approved-title = 你的申請已核准
application-approved-text = 你是「{ $field }」領域的認證專家。你的個人頁面會顯示徽章與申請時的簡介。
application-rejected-title = 你的申請未獲核准
application-rejected-reason = 工作人員的理由：{ $reason }
apply-again = 你可以再次申請；請參考上述理由。
applied-on = 申請日期
expert-field-for = { $handle } 的專業領域
expert-field-role-hint = 若對方沒有待審核的申請，就必須填寫；會顯示在專家徽章上。
role-admin-only = 只有管理員可以變更此角色。
## audit log: what staff did, by action code and subject kind

audit-challenge-create = 建立挑戰
audit-challenge-update = 編輯挑戰
audit-challenge-phase-override = 變更挑戰階段
audit-challenge-cover = 更換挑戰封面
audit-challenge-pick-winners = 選出得獎作品
audit-entry-disqualify = 取消作品資格
audit-entry-disqualify-duplicate = 取消重複作品的資格
audit-entry-clear-duplicate = 解除重複標記
audit-poll-create = 建立共創投票
audit-poll-update = 編輯共創投票
audit-poll-option-image = 更換投票選項圖片
audit-poll-invite = 邀請投票者
audit-poll-export = 匯出選票
audit-vote-flag-review = 處理投票警示
audit-vote-flag-discount = 排除被標記的票
audit-user-create = 建立帳號
audit-user-role-change = 變更身分
audit-expert-approve = 核准專家
audit-expert-reject = 退回專家申請
audit-subject-challenge = 挑戰
audit-subject-entry = 作品
audit-subject-poll = 共創投票
audit-subject-user = 使用者
audit-subject-vote-flag = 投票警示
## forms: field rules, counters, upload pre-checks, sign-up

handle-rule = { $min } 至 { $max } 個字元：a-z、0-9 與 _，不可以 _ 開頭。這是您的公開網址：/u/您的代稱。
password-rule = 至少 { $min } 個字元。請使用一組夠長、且沒有在其他地方使用過的密碼。
display-name-rule = 最多 { $max } 個字元，會和您的作品一起顯示。
bio-rule = 選填，最多 { $max } 個字元。
entry-title-rule = 最多 { $max } 個字元。
phase-order-rule = 依序為：開放投稿、開始投票、投票截止、公布結果，每個時間都必須晚於前一個。
char-count = { $count }／{ $max } 個字元
welcome-new-member = 歡迎加入 Atelier，{ $name }！您的帳號已經建立完成。
register-or-log-in-to-submit = 建立帳號或登入後即可投稿。
entries-used = 已使用 { $used }／{ $limit } 件投稿
entry-limit-closed = 您在這個挑戰的 { $limit } 件投稿額度已經用完，因此投稿表單已關閉。您仍可編輯或撤回已投稿的作品。
see-my-entries = 查看我的作品
entry-too-small = 這張圖片是 { $width } × { $height } 像素，此挑戰至少需要 { $min_width } × { $min_height } 像素。
entry-unreadable = 無法將這個檔案讀取為圖片，請選擇其他檔案。
entry-reading-image = 正在檢查圖片…
## results and voting basics

# The marker on a gallery card the viewer has voted on.
voted-marker = 已評 { $n } ★
clear-vote = 清除我的評分
vote-cleared = 已清除您的評分。
entry-neighbours = 此藝廊中的作品
previous-entry = ← 上一件
next-entry = 下一件 →
previous-entry-named = 上一件作品：{ $title }
next-entry-named = 下一件作品：{ $title }
entry-position = 第 { $position } 件，共 { $total } 件
placement-heading = 結果
placement-rank = 排名第 { $rank }（共 { $of } 件）
withdraw-closed-note = 投票已經開始，這件作品無法再撤回，否則其他會員投下的票都會作廢。如需移除，請聯絡工作人員。
withdraw-open-note = 投票開始前，您都可以撤回這件作品。
status-reason = 工作人員說明的原因：{ $reason }
disqualify-entry = 取消這件作品的資格
disqualify-entry-hint = 作品將從藝廊與排名中移除，作者會看到您填寫的原因。
confirm-disqualify = 確定要取消這件作品的資格嗎？此操作無法復原。
entry-disqualified-done = 已取消這件作品的資格。
ranking-explained-heading = 分數如何計算
ranking-explained-votes = 投票期間，會員為每件作品給 1 到 5 顆星，這些星數的平均就是「平均分數」欄。
ranking-explained-prior = 「排名分數」會替每件作品加上 5 張以挑戰整體平均計的虛擬票：排名分數 =（5 × 挑戰平均 + 作品得到的星數總和）÷（5 + 票數）。
ranking-explained-why = 因此只拿到一張 5 星票的作品，不會排在許多會員都給高分的作品前面；作品的票數越多，分數就越接近它自己的平均。
ranking-explained-ties = 分數相同時，票數多者優先，再相同則較早投稿者優先。工作人員判定為可疑而排除的票不計入。
ranking-explained-winners = 得獎作品由工作人員依此排名選出。
## creator：模板表單、上傳、我的模板與數據、模板審核

creator-my-templates = 我的模板
creator-new-template = 新增模板
creator-new-lead = 先描述你的模板並存成草稿，接著加入預覽圖與原始檔，再送交審核。
creator-edit-template = 編輯模板
creator-not-yours = 只有模板的創作者與工作人員可以編輯這個模板。
creator-draft-created = 草稿已儲存。請加入預覽圖與原始檔，再送交審核。
creator-saved = 已儲存你的變更。
creator-about-template = 關於這個模板
creator-title = 標題
creator-title-rule = { $min } 到 { $max } 個字。
creator-description-hint = 可使用 Markdown：**粗體**、*斜體*、清單與連結。會顯示在模板頁面上。
creator-description-too-long = 說明最多 { $max } 個字。
creator-category = 類別
creator-canvas = 畫布尺寸
creator-canvas-hint = 寬與高，以像素為單位，或以公釐為單位並註明列印解析度（最大 { $max }）。
creator-canvas-rule = 寬與高必須是 1 到 { $max } 的整數。
creator-width = 寬
creator-height = 高
creator-unit = 單位
creator-unit-px = 像素（px）
creator-unit-mm = 公釐（mm）
creator-dpi = 解析度（dpi）
creator-dpi-rule = 列印尺寸需要 { $min } 到 { $max } dpi 的解析度。
creator-licence-and-price = 授權與價格
creator-licence = 授權
creator-price = 價格（新台幣）
creator-price-hint = 以新台幣整數元計，NT${ $min } 到 NT${ $max }。
creator-price-free-hint = 免費授權不收費用。
creator-price-rule = 付費授權的價格須為 NT${ $min } 到 NT${ $max } 的整數元。
creator-editor-url = 線上編輯器連結（選填）
creator-editor-url-hint = 在線上編輯器開啟此模板的連結（https://…），可取代或搭配原始檔。只有可下載原始檔的人看得到。
creator-editor-url-rule = 請輸入以 https:// 或 http:// 開頭的網址。
creator-save-draft = 儲存草稿
creator-free = 免費
creator-previews = 預覽圖
creator-add-previews = 加入預覽圖
creator-previews-hint = JPEG、PNG、WebP 或 GIF，每張最大 { $size }；1 到 { $max } 張。第一張會是目錄中的縮圖。可一次選擇多張。
creator-no-previews = 尚無預覽圖。
creator-preview-alt = 預覽圖 { $n }
creator-thumbnail = 縮圖
creator-remove-preview-n = 移除預覽圖 { $n }
creator-remove = 移除
creator-remove-named = 移除 { $name }
creator-source-files = 原始檔
creator-add-sources = 加入原始檔
creator-sources-hint = SVG、PDF、PNG、JPEG、PSD、AI 或 ZIP，每個最大 { $size }。只有取得授權的人、你與工作人員可以下載。
creator-no-sources = 尚無原始檔。
creator-preview-wrong-type = 這不是 JPEG、PNG、WebP 或 GIF 圖片。
creator-source-wrong-type = 原始檔必須是 SVG、PDF、PNG、JPEG、PSD、AI 或 ZIP。
creator-file-too-large = 這個檔案超過 { $size }。
creator-too-many-previews = 每個模板最多 { $max } 張預覽圖。請先移除一張再加入。
creator-upload-waiting = 等待前面的檔案上傳完成…
creator-upload-sending = 上傳中…
creator-upload-processing = 已上傳，正在檢查檔案…
creator-upload-done = 已上傳。
creator-upload-progress-of = { $name } 的上傳進度
creator-dismiss = 關閉
creator-dismiss-named = 關閉 { $name }
creator-status-draft = 草稿
creator-status-in-review = 審核中
creator-status-published = 已上架
creator-status-rejected = 未通過
creator-status-unlisted = 已下架
creator-draft-note = 只有你與工作人員看得到。
creator-in-review-note = 工作人員正在審核，結果會顯示在這裡。
creator-published-note = 已列在模板目錄中。
creator-rejected-note = 工作人員沒有核准。請依說明修改後再送審。
creator-unlisted-note = 已從目錄移除。連結仍可使用，已授予的授權也仍然有效。
creator-review-reason = 工作人員提供的原因：{ $reason }
creator-before-submitting = 送交審核之前，請先：
creator-needs-preview = 加入至少一張預覽圖。
creator-needs-source = 加入原始檔或線上編輯器連結。
creator-submit-for-review = 送交審核
creator-submitted = 已送交審核。
creator-unlist = 下架
creator-unlisted = 模板已從目錄下架。
creator-relist = 重新上架
creator-relisted = 模板已重新列在目錄中。
creator-view-page = 查看模板頁面
creator-delete = 刪除模板
creator-confirm-delete = 要刪除這個模板及其預覽圖與原始檔嗎？此操作無法復原。
creator-dashboard = 瀏覽、下載、使用與銷售
creator-period = 期間
creator-last-days = 最近 { $days } 天
creator-views = 瀏覽
creator-downloads = 下載
creator-uses = 使用
creator-sales = 銷售
creator-revenue = 營收
creator-per-day = 每日
creator-chart-summary = { $from } 至 { $to } 每日數據，共 { $views } 次瀏覽、{ $downloads } 次下載、{ $uses } 次使用、{ $sales } 筆銷售。
creator-day = 日期
creator-per-template = 各模板
creator-no-stats = 目前還沒有數據。
creator-template = 模板
creator-creator = 創作者
creator-not-a-creator = 通過認證的專家，以及經工作人員核准為創作者的會員，才能發布模板。
creator-no-templates = 你還沒有建立任何模板。
creator-create-first = 建立你的第一個模板
creator-review-title = 模板審核
creator-review-queue = 等待審核
creator-queue-empty = 目前沒有等待審核的模板。
creator-see-previews = 查看預覽圖與詳細資料
creator-reject-hint = 創作者會看到這個原因。
creator-reason-required = 請告訴創作者原因（至少 3 個字）。
creator-confirm-reject = 以此原因退回
creator-cancel = 取消
creator-approved-named = 「{ $title }」已上架。
creator-rejected-named = 「{ $title }」已退回給創作者。
creator-by-role = 專家與工作人員一律可以
creator-toggle-for = 創作者：{ $handle }
creator-design-on-these = 使用這些模板創作
creator-design-on-these-hint = 可從這些模板開始創作，投稿時請註明使用了哪一個。
creator-attach-hint = 會員可用來開始創作的已上架模板，依此順序顯示。
creator-none-attached = 尚未附加模板。
creator-find-templates = 搜尋已上架的模板
creator-search-results = 搜尋結果
creator-no-results = 沒有符合的已上架模板。
creator-attach = 附加
creator-attached = 已附加
creator-attach-named = 附加 { $title }
creator-move-up = 將 { $title } 上移
creator-move-down = 將 { $title } 下移
creator-save-templates = 儲存附加的模板
creator-templates-saved = 已儲存附加的模板。
creator-made-with-label = 使用的模板（選填）
creator-made-with-hint = 如果你是從這個挑戰的模板開始創作，請選擇它：模板頁面會展示你的作品。
creator-no-template = 無
creator-made-with = 使用模板「{ $title }」製作

## The template marketplace: catalogue, template page, checkout, library (fe-market)

market-nav-templates = 模板
market-nav-library = 我的模板庫
market-title = 模板
market-intro = 包裝刀模、海報版型、貼圖版面等，由 Atelier 的創作者製作。從一個模板開始你的下一個設計。
market-search-label = 搜尋模板
market-search-placeholder = 試試「包裝」或「packaging」
market-searching = 搜尋中…
market-results = { $count } 個模板
market-results-more = 已顯示 { $count } 個模板，下方還有更多
market-template-count = { $count } 個模板
market-filters = 篩選
market-filters-chosen = 篩選（{ $count }）
market-clear-filters = 清除篩選
market-show-all = 顯示所有模板
market-no-match = 沒有符合這個搜尋的模板。
market-no-templates = 目前還沒有模板。
market-sort-relevance = 最相關
market-sort-popular = 熱門
market-sort-newest = 最新
market-sort-price-asc = 價格：由低到高
market-sort-price-desc = 價格：由高到低
market-facet-category = 類別
market-facet-tag = 標籤
market-facet-colour = 顏色
market-facet-price = 價格
market-facet-licence = 授權
market-facet-more = 顯示全部 { $count } 項
market-facet-fewer = 顯示較少
market-facet-creator = 創作者
market-free = 免費
market-paid = 付費
market-colour-red = 紅
market-colour-orange = 橙
market-colour-yellow = 黃
market-colour-green = 綠
market-colour-blue = 藍
market-colour-purple = 紫
market-colour-pink = 粉紅
market-colour-brown = 棕
market-colour-black = 黑
market-colour-white = 白
market-colour-grey = 灰
market-status-draft = 草稿
market-status-in-review = 審核中
market-status-published = 已上架
market-status-rejected = 未通過
market-status-unlisted = 已下架
market-carousel = 輪播
market-previews-of = { $title } 的預覽圖
market-preview-alt = { $title }，第 { $position } 張預覽圖，共 { $total } 張
market-preview-position = 第 { $position } 張，共 { $total } 張
market-previous-preview = 上一張預覽圖
market-next-preview = 下一張預覽圖
market-show-preview = 顯示第 { $position } 張預覽圖
market-no-preview = 尚無預覽圖。
market-licence = 授權
market-may-do = 你可以
market-may-not-do = 你不可以
market-term-personal = 用於個人專案。
market-term-commercial = 用於販售或為商業宣傳的作品。
market-term-no-commercial = 用於販售或為商業宣傳的作品。
market-term-designs-any = 用它製作不限數量的設計。
market-term-designs-limited = { $count ->
    [1] 用它製作一件完成的設計。
   *[other] 用它製作最多 { $count } 件完成的設計。
}
market-term-merchandise = 大量印刷，或印在販售的商品上。
market-term-no-merchandise = 大量印刷，或印在販售的商品上。
market-colours = 顏色
market-canvas = 畫布
market-uses = 使用它的作品
market-downloads = 下載次數
market-description = 關於這個模板
market-files = 檔案
market-no-files = 尚無檔案。
market-files-need-licence = 取得授權後即可下載檔案。
market-open-editor = 在線上編輯器開啟
market-download = 下載
market-download-named = 下載 { $name }
market-no-download-now = 目前無法下載這些檔案。
market-made-with = 使用這個模板的作品
market-no-entries-yet = 還沒有作品使用這個模板。
market-edit = 編輯模板
market-you-hold-it = 你已取得這個模板的授權。
market-you-may-download = 你可以下載這個模板的檔案。
market-to-the-files = 前往檔案
market-in-your-library = 在你的模板庫中
market-log-in-to-get = 登入後即可取得這個模板。
market-log-in-to-buy = 登入後即可購買這個模板。
market-get-free = 免費取得
market-get-free-hint = 模板會加入你的模板庫，檔案可立即下載。
market-how-to-pay = 你想如何付款？
market-method-card = 信用卡
market-method-card-hint = 在金流服務商的安全頁面付款。
market-method-bank-transfer = 銀行轉帳
market-method-bank-transfer-hint = 你會拿到一組轉帳附註代碼；工作人員確認收到款項後，授權就會生效。
market-buy-for = 以 { $price } 購買
market-order-heading = 訂單
market-order-title = 訂單 #{ $id }
market-order = 訂單
market-template = 模板
market-amount = 金額
market-payment = 付款方式
market-ordered-on = 下單日期
market-paid-on = 付款日期
market-refunded-on = 退款日期
market-order-pending = 等待付款
market-order-paid = 已付款
market-order-failed = 付款失敗
market-order-cancelled = 已取消
market-order-refunded = 已退款
market-pay-heading = 支付這筆訂單
market-checkout-note = 信用卡資料由金流服務商的頁面收取，Atelier 不會看到。
market-continue-to-payment = 前往付款
market-waiting-for-provider = 正在等待金流服務商確認你的付款。
market-transfer-amount = 請將 { $amount } 轉入 Atelier 的銀行帳戶，並在附註填寫下方的代碼。
market-reference = 轉帳附註代碼
market-transfer-instructions = 工作人員依代碼核對你的轉帳後，授權就會出現在你的模板庫中。
market-check-again = 重新查詢
market-cancel-order = 取消訂單
market-confirm-cancel = 確定要取消這筆訂單嗎？
market-paid-heading = 謝謝你
market-paid-note = 已收到你的付款，授權已屬於你。
market-refunded-note = 這筆訂單已退款：它的授權不再能下載檔案。
market-cancelled-note = 這筆訂單已取消。
market-failed-note = 這次付款沒有成功。
market-back-to-template = 回到模板
market-library-title = 我的模板庫
market-licences = 授權
market-receipts = 收據
market-no-licences = 你還沒有任何模板授權。
market-browse = 瀏覽模板
market-no-receipts = 還沒有訂單。
market-granted-on = 取得日期：
market-revoked-on = 撤銷日期：
market-revoked-note = 這個授權已因退款而終止，檔案無法再下載。
market-show-files = 顯示檔案
licence-free_personal-name = 免費個人授權
licence-free_personal-summary = 可免費用於你自己的非商業專案。
licence-free_commercial-name = 免費商用授權
licence-free_commercial-summary = 可免費用於任何專案，包括商業用途。
licence-paid_single_use-name = 單次使用授權
licence-paid_single_use-summary = 一件完成的設計，個人或商業用途皆可。
licence-paid_multi_use-name = 多次使用授權
licence-paid_multi_use-summary = 不限數量的設計，個人或商業用途皆可。
licence-extended-name = 延伸授權
licence-extended-summary = 不限數量的設計，包括大量印刷與販售的商品。
tpl-category-poster = 海報
tpl-category-social_post = 社群貼文
tpl-category-packaging = 包裝
tpl-category-sticker = 貼圖
tpl-category-card = 卡片
tpl-category-presentation = 簡報
tpl-category-other = 其他
## Templates (the marketplace's core): audit log texts
audit-template-approve = 核准模板
audit-template-reject = 退回模板
audit-user-creator-approve = 核准模板創作者
audit-user-creator-revoke = 撤銷模板創作者資格
audit-challenge-templates = 變更挑戰的模板
audit-subject-template = 模板
## orders: audit log texts for orders
audit-order-mark-paid = 將銀行轉帳標示為已付款
audit-order-refund = 為訂單退款
audit-subject-order = 訂單
## finui: a creator's earnings, payout settings, statements and tax summary
earn-nav = 收益
earn-title = 收益
earn-nav-label = 收益頁面
earn-nav-summary = 總覽
earn-nav-payout = 撥款設定
earn-nav-statements = 對帳單
earn-figures = 你的餘額
earn-available = 可撥款
earn-available-note = 下次撥款可支付的金額。
earn-balance = 餘額
earn-pending-payouts = 撥款保留中
earn-lifetime = 累計收益
earn-none = 你還沒有收益。有人購買你的模板後，你的分潤會顯示在這裡。
earn-next-payout = 下次撥款：{ $month }
earn-eligible = 你會在下次撥款時收到款項。
earn-gross = 總額
earn-tax = 扣繳稅額
earn-net = 實付金額
earn-threshold = 你的撥款門檻
earn-reason-no-settings = 你尚未提供撥款方式：請填寫撥款資料後才能收款。
earn-reason-below-threshold = 你的可撥款餘額低於撥款門檻。
earn-open-settings = 前往撥款設定
earn-by-month = 每月收益
earn-by-month-caption = 最近 12 個月的收益，依來源區分
earn-by-source = 依來源
earn-no-sources = 目前尚無任何來源的收益。
earn-legend = 來源
earn-month = 月份
earn-total = 合計
earn-source = 來源
earn-amount = 金額
earn-date = 日期
earn-description = 項目
earn-held = 撥款保留中
earn-latest = 最新明細
earn-no-lines = 尚無明細。
earn-load-more = 載入更多
earn-source-templates = 模板
earn-source-royalties = 權利金
earn-source-prizes = 獎金
earn-source-workshops = 工作坊
earn-source-reposts = 轉載
earn-kind-template-sale = 模板銷售
earn-kind-template-refund = 模板退款
earn-kind-royalty = 權利金
earn-kind-royalty-reversal = 權利金更正
earn-kind-prize = 獎金
earn-kind-workshop = 工作坊
earn-kind-workshop-refund = 工作坊退款
earn-kind-repost = 轉載
earn-kind-payout = 撥款
earn-kind-payout-posted = 撥款完成
earn-kind-payout-voided = 撥款失敗
earn-kind-reversal = 沖銷
payout-settings-title = 撥款設定
payout-saved = 已儲存的設定
payout-none-yet = 你尚未儲存撥款設定。
payout-set-up = 設定撥款
payout-change = 變更撥款設定
payout-method = 撥款方式
payout-method-bank-transfer = 銀行轉帳
payout-method-paypal = PayPal
payout-details = 撥款資料
payout-details-hint = 資料會加密保存，之後只會以遮蔽形式顯示。每次儲存時請完整填寫。
payout-account-name = 戶名
payout-bank-code = 銀行代碼
payout-bank-code-hint = 3 位數字。
payout-branch-code = 分行代碼
payout-branch-code-hint = 4 位數字。
payout-account-number = 帳號
payout-account-number-hint = 10 到 16 位數字。
payout-email = PayPal 電子郵件
payout-account = 帳戶
payout-residency = 稅務居住身分
payout-residency-hint = 決定撥款時扣繳的稅額。
payout-residency-tw = 中華民國境內居住者
payout-residency-foreign = 非中華民國境內居住者
payout-threshold = 撥款門檻
payout-threshold-hint = 可撥款餘額達到門檻時撥款：介於 { $min } 與 { $max } 之間。
payout-threshold-invalid = 請輸入金額，例如 500 或 1500.50。
payout-updated = 更新時間
payout-save = 儲存撥款設定
payout-saved-note = 已儲存你的撥款設定。
payout-mine = 我的撥款
payout-no-payouts = 尚無撥款紀錄。
payout-for = { $month }的撥款
payout-history = 歷程
payout-reference = 參考編號 { $reference }
payout-reason = 原因：{ $reason }
payout-status-pending = 待核准
payout-status-approved = 已核准
payout-status-paid = 已撥款
payout-status-failed = 撥款失敗
statements-title = 對帳單
statements-monthly = 每月對帳單
statements-none = 尚無對帳單：從你第一筆收益的月份開始產生。
statement-title = 對帳單
statement-of = { $month }對帳單
statement-generated = 產生時間：
statement-summary = 摘要
statement-opening = 期初餘額
statement-earnings = 收益
statement-withholding = 扣繳稅額
statement-payouts = 已撥款
statement-closing = 期末餘額
statement-lines = 明細
statement-no-lines = 本月沒有任何交易。
statement-files = 檔案
statement-csv = 下載 CSV
statement-pdf = 下載 PDF
statement-download-csv = 下載{ $month }的 CSV
statement-download-pdf = 下載{ $month }的 PDF
tax-title = 年度扣繳摘要
tax-hint = 一個年度內的收益、撥款與扣繳稅額。
tax-year = 年度
tax-view = 檢視
tax-of = { $year } 年度扣繳摘要
tax-totals = 合計
tax-gross-payouts = 撥款總額
tax-net-payouts = 實付撥款
tax-no-residency = 未設定
tax-by-month-caption = 每月收益，依來源區分
tax-download-pdf = 下載 { $year } 年度扣繳摘要 PDF
## finui: the finance staff's pages
fin-nav = 財務
fin-title = 財務
fin-only = 只有財務人員可以檢視此頁面。
fin-nav-label = 財務頁面
fin-nav-overview = 總覽
fin-nav-payouts = 撥款
fin-nav-products = 商品
fin-nav-sales = 匯入銷售
fin-figures = 數據
fin-platform-revenue = 平台營收
fin-liabilities = 應付創作者
fin-tax-withheld = 扣繳稅額
fin-royalties = 權利金
fin-prizes = 獎金
fin-queue-count = { $count } 筆撥款等待核准或付款
fin-sales-by-month = 每月銷售
fin-sales-caption = 創作者每月收益，依來源區分
fin-no-sales = 尚無銷售。
fin-accounts = 帳戶餘額
fin-accounts-hint = 借方為正、貸方為負；所有帳戶的分錄加總為零。
fin-account = 帳戶
fin-currency = 幣別
fin-posted = 已入帳
fin-held = 保留中
fin-account-payment-clearing = 金流待清算
fin-account-platform-revenue = 平台營收
fin-account-creator-payable = 應付創作者
fin-account-payout-clearing = 撥款待清算
fin-account-tax-withheld = 代扣稅款
fin-account-brand-receivable = 品牌應收款
fin-account-prize-pool = 獎金池
fin-account-bank = 銀行
fin-reconciliation = 對帳
fin-check-again = 重新檢查
fin-balanced = 帳目平衡：所有檢查皆通過。
fin-not-balanced = 帳目不平衡：請查看未通過的檢查。
fin-recon-counts = { $transfers } 筆交易、{ $lines } 筆分錄
fin-recon-totals = 分錄加總：
fin-check-ok = 通過
fin-check-failed = 未通過
fin-check-lines-sum-to-zero = 分錄加總為零
fin-check-transfers-balanced = 每筆交易借貸平衡
fin-check-orders-posted = 每筆已付款訂單皆已入帳
fin-check-refunds-posted = 每筆退款皆已入帳
fin-check-payouts-match = 撥款與其交易相符
fin-check-no-negative-creator-balance = 沒有創作者積欠平台款項
fin-check-pending-resolved-once = 每筆待處理交易最多結算一次
fin-check-reversals-negate = 每筆沖銷恰好抵銷其原交易
fin-creators = 創作者
fin-no-creators = 還沒有創作者獲得收益。
fin-creator = 創作者
fin-statement-pdf = { $month } PDF
fin-statement-pdf-of = 下載 { $handle } 的{ $month }對帳單
fin-creator-title = 創作者收益
fin-no-such-creator = 找不到這位創作者。
fin-template-agreement = 模板分潤協議
fin-template-agreement-hint = 模板的分潤：在你設定之前，採用預設（創作者的標準分潤）。
fin-template-id = 模板編號
fin-template-link = 模板 #{ $id }
fin-no-such-template = 找不到這個模板。
fin-open = 開啟
fin-payouts-title = 撥款
fin-run-title = 執行撥款
fin-run-hint = 支付每位創作者到該月月底（台灣時間）為止的收益；本月則計算到目前為止。每個月份只有一批撥款：再次執行會顯示同一批。
fin-period = 期間
fin-run = 執行撥款
fin-run-created = 已建立{ $month }的撥款批次。
fin-run-repeat = { $month }的撥款批次已存在：沒有建立新的撥款。
fin-run-payouts = { $count } 筆撥款
fin-run-skipped = 略過 { $count } 位創作者
fin-run-payout-line = 總額 { $gross }，實付 { $net }
fin-queue = 待處理
fin-all-statuses = 全部
fin-queue-empty = 沒有符合的撥款。
fin-actions = 操作
fin-approve = 核准
fin-approve-for = 核准給 { $handle } 的撥款
fin-approved = 已核准給 { $handle } 的撥款。
fin-mark-paid = 標示已撥款
fin-mark-paid-for = 將給 { $handle } 的撥款標示為已撥款
fin-mark-failed = 標示失敗
fin-mark-failed-for = 將給 { $handle } 的撥款標示為失敗
fin-marked-paid = 已將給 { $handle } 的撥款標示為已撥款。
fin-marked-failed = 已將給 { $handle } 的撥款標示為失敗；款項已退回其餘額。
fin-bank-reference = 銀行或 PayPal 參考編號
fin-dialog-amount = { $month }：{ $net }
fin-cancel = 取消
fin-products-title = 商品
fin-products = 商品
fin-no-products = 尚無商品。
fin-product-title = 商品
fin-product-name = 名稱
fin-product-name-zh = 繁體中文名稱
fin-code = 代碼
fin-code-hint = 銷售檔案中的名稱：英文字母、數字與連字號。
fin-challenge-id = 挑戰編號
fin-submission-id = 作品編號
fin-created = 建立時間
fin-new-product = 新增商品
fin-create-product = 建立商品
fin-id-invalid = 編號必須是整數。
fin-import-sales-link = 匯入銷售
fin-agreement = 分潤協議
fin-current-agreement = 目前生效的協議
fin-no-agreement = 尚無協議。
fin-default-agreement = 預設協議：尚未設定專屬協議。
fin-new-agreement = 新協議
fin-new-agreement-hint = 自開始日起取代目前的協議（留空則為今天）。
fin-share = 創作者分潤（%）
fin-share-hint = 售價（模板）或銷售淨額（商品）的百分比，最多兩位小數。
fin-starts = 開始
fin-starts-hint = 留空：今天。
fin-ends = 結束
fin-ends-hint = 留空：無結束日。
fin-term = 期間
fin-open-ended = 無結束日
fin-parties = 共同創作者
fin-parties-hint = 每位填寫使用者編號或 @帳號，並設定權重：分潤依權重分配。
fin-party-who = 共同創作者 { $n }：使用者編號或 @帳號
fin-party-weight = 共同創作者 { $n } 的權重
fin-party-remove = 移除共同創作者 { $n }
fin-party-add = 新增共同創作者
fin-remove = 移除
fin-weight-of = 權重 { $weight }
fin-save-agreement = 儲存協議
fin-agreement-saved = 已儲存協議。
fin-share-invalid = 分潤必須是 0 到 100 的百分比，最多兩位小數。
fin-date-invalid = 請以日期格式輸入。
fin-term-invalid = 協議的結束日必須晚於開始日。
fin-parties-needed = 請至少填寫一位共同創作者。
fin-weight-invalid = 權重必須是大於零的整數。
fin-unknown-handle = 沒有使用者的帳號是 @{ $handle }。
fin-sales-title = 匯入銷售
fin-sales-format = 每個商品每月一行，置於此標題列之後（銷售淨額以元為單位，例如 12345.50）：
fin-sales-file = 選擇 CSV 檔案
fin-sales-paste = 或貼上內容
fin-sales-import = 匯入銷售
fin-sales-recorded = 已記錄銷售
fin-sales-lines = 已記錄 { $count } 行。
fin-sales-rejected = 未記錄任何資料
fin-sales-bad-count = 有 { $count } 行需要修正；此檔案的內容皆未記錄。
fin-line = 行
fin-line-n = 第 { $n } 行
fin-field = 欄位
fin-problem = 問題
fin-outcome = 結果
fin-revision = 版本
fin-outcome-posted = 已入帳
fin-outcome-unchanged = 未變更
fin-outcome-corrected = 已更正
fin-line-unknown-product = 沒有商品使用此代碼。
fin-line-invalid-period = 期間必須是月份，例如 2026-11。
fin-line-invalid-amount = 金額不是有效的數字。
fin-line-currency-mismatch = 幣別與商品不符。
fin-line-duplicate = 此商品與月份在檔案中重複出現。
fin-line-missing-field = 缺少欄位值。
fin-line-outside-term = 該月份不在商品協議期間內。
fin-line-no-agreement = 此商品沒有權利金協議。
fin-line-extra-field = 此行的欄位比標題列多。
## finui: challenge prizes
prize-title = 獎金
prize-hint = 各名次的獎金金額，在結果頁確認得獎者時撥入得獎者的收益。名次留空表示沒有獎金。
prize-add-place = 新增名次
prize-remove-place = 移除最後一個名次
prize-save = 儲存獎金
prize-saved = 已儲存獎金。
prize-amount-invalid = 每個金額請輸入數字，例如 5000 或 1500.50。
prize-confirmed-on = 已確認得獎者並發放獎金：
prize-awards = 已發放的獎金
prize-entry = 作品
prize-confirm-title = 獎金
prize-confirm-hint = 確認後得獎者即定案，各名次獎金會撥入得獎者的收益，且無法復原。
prize-confirm-button = 確認得獎者並發放獎金
prize-confirm-ask = 確認這些得獎者並發放獎金？確認後無法再變更得獎者。
prize-confirmed-note = 得獎者已確認，獎金已發放。
prize-none = 這個挑戰沒有獎金。
## revenue: audit log texts for agreements, products, sales imports and prizes
audit-agreement-template = 設定模板的分潤協議
audit-agreement-product = 設定產品的權利金協議
audit-product-create = 建立產品
audit-product-sales-import = 匯入產品銷售資料
audit-product-sales-import-csv = 從 CSV 檔匯入產品銷售資料
audit-challenge-prizes = 設定挑戰的獎金
audit-challenge-confirm-winners = 確認得獎者並發放獎金
audit-subject-product = 產品
audit-subject-product-sales-import = 銷售資料匯入
audit-payout-run = 執行當月撥款
audit-payout-approve = 核准撥款
audit-payout-paid = 將撥款標示為已付款
audit-payout-failed = 將撥款標示為失敗
audit-user-finance-grant = 授予財務權限
audit-user-finance-revoke = 撤回財務權限
audit-subject-payout = 撥款
audit-subject-payout-run = 撥款批次
