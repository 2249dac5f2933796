# API 錯誤代碼的訊息（繁體中文，台灣）。
#
# 訊息 id 就是 API 回傳的錯誤代碼，請勿更改。與 en/errors.ftl 相同的 id、
# 屬性（如 `.limit`）與變數（如 { $limit }），建置時會自動檢查。
# 訊息本身（= 之後）不可使用變數；細節請寫在屬性中。

## Accounts and sessions

unauthenticated = 請先登入。
invalid_token = 您的登入狀態無效，請重新登入。
token_expired = 您的登入已過期，請重新登入。
invalid_credentials = 電子郵件或密碼不正確。
account_exists = 此電子郵件或代稱已有人使用。
invalid_email = 電子郵件格式不正確。
invalid_handle = 代稱須為 3 至 30 個字元（a-z、0-9 與 _），且不可以 _ 開頭。
invalid_display_name = 顯示名稱須為 1 至 60 個字元。
weak_password = 密碼太短或強度不足。
    .too-short = 密碼至少需要 { $min } 個字元。
    .too-long = 密碼最多 { $max } 個位元組。
invalid_bio = 無法儲存這段自我介紹。
    .too-short = 自我介紹至少需要 { $min } 個字元。
    .too-long = 自我介紹最多只能有 { $max } 個字元。
invalid_refresh_token = 您的登入狀態無效，請重新登入。
refresh_token_expired = 您的登入已過期，請重新登入。
refresh_token_reused = 此登入憑證被重複使用，登入已結束，請重新登入。
csrf_rejected = 此請求並非來自本網站，已被拒絕。
email_unverified = 請先使用我們寄給您的連結確認電子郵件地址。
verification_invalid = 此連結無效。請登入後重新索取。
verification_expired = 此連結已過期。請登入後重新索取。
already_verified = 您的電子郵件地址已經確認過了。
mail_unavailable = 目前無法寄送郵件，請稍後再試。
rate_limited = 嘗試次數過多，請稍候再試。
    .retry = 嘗試次數過多，請於 { $seconds } 秒後再試。

## Expert applications and staff

invalid_field = 請填寫您的專業領域（2 至 80 個字元）。
invalid_links = 請提供 1 至 5 個以 http:// 或 https:// 開頭的作品集連結。
application_pending = 您已有一份申請正在審核中。
not_a_member = 只有一般成員可以申請成為專家。
already_decided = 這份申請已經審核過了。
reason_required = 請填寫原因（3 至 500 個字）。
invalid_reason = 原因最多 1000 個字。
invalid_status = 無法辨識這個狀態。
forbidden = 您沒有權限執行此操作。
not_found = 找不到您要的內容。
    .endpoint = 沒有這個 API 端點：{ $method } { $path }

## Challenges

invalid_slug = 網址代稱須為 3 至 60 個字元：a-z、0-9 與 -。
slug_taken = 已有其他挑戰使用這個網址代稱。
invalid_title = 請填寫標題（最多 120 個字元）。
    .translation =
        { $field } { $min ->
            [0] 最多 { $max } 個字元
           *[other] 須為 { $min } 至 { $max } 個字元
        }。
invalid_brief = 挑戰說明太長了（最多 20000 個字元）。
    .translation =
        { $field } { $min ->
            [0] 最多 { $max } 個字元
           *[other] 須為 { $min } 至 { $max } 個字元
        }。
invalid_prizes = 獎項說明太長了（最多 2000 個字元）。
    .translation =
        { $field } { $min ->
            [0] 最多 { $max } 個字元
           *[other] 須為 { $min } 至 { $max } 個字元
        }。
invalid_palette = 色票需要 1 至 8 個顏色，格式如 #a3391f。
invalid_rules = 請檢查規則：每人投稿 1 至 20 件、至少接受 JPEG、PNG、WebP、GIF 其中一種格式、最小尺寸 0 至 10000 像素。
invalid_phase_times = 日期須依序排列：開放投稿、投票開始、投票截止、公布結果。
invalid_phase = 無法辨識這個階段。
missing_field = 請填寫所有必填欄位。

## Entries and images

submissions_closed = 此挑戰目前不開放投稿。
entry_limit_reached = 您在此挑戰的投稿名額已用完。
    .limit = 此挑戰每人最多投稿 { $limit } 件作品。
format_not_accepted = 此挑戰不接受這種圖片格式。
    .formats = 此挑戰只接受 { $formats } 格式的圖片，這個檔案是 { $format }。
image_too_small = 這張圖片太小了。
    .size = 這張圖片是 { $width }×{ $height } 像素，此挑戰至少需要 { $min_width }×{ $min_height } 像素。
image_too_large = 這張圖片的像素過多。
unsupported_image_format = 此檔案不是 PNG、JPEG、WebP 或 GIF 圖片。
invalid_image = 無法讀取這個圖片檔。
missing_file = 請選擇要上傳的圖片。
invalid_description = 說明太長了（最多 2000 個字元）。
    .translation =
        { $field } { $min ->
            [0] 最多 { $max } 個字元
           *[other] 須為 { $min } 至 { $max } 個字元
        }。
invalid_tags = 標籤只能使用字母、數字、- 與 _（最多 10 個，每個最多 30 個字元）。
entry_closed = 這件作品已無法修改。
voting_closed = 投票截止後，作品即無法修改。
withdraw_closed = 投票已經開始，這件作品無法再撤回，否則其他會員投下的票都會作廢。如需移除，請聯絡工作人員。
vote_locked = 這一票已無法清除。
not_a_colour_challenge = 這不是色彩挑戰。
not_flagged = 這件作品已不在標記清單中。
ranking_unavailable = 排名將與結果一併公布。
invalid_sort = 作品只能依最新或依排名排序。
invalid_cursor = 此分頁連結已失效，請從第一頁開始。
payload_too_large = 檔案太大。
upload_timeout = 上傳時間過長，請再試一次。
upload_interrupted = 上傳未完成，請再試一次。
uploads_busy = 目前上傳的人數過多，請稍後再試。
processing_timeout = 圖片處理時間過長。
invalid_form = 上傳表單無效。

## Voting and results

voting_not_open = 此挑戰目前不開放投票。
own_entry = 您不能為自己的作品評分。
account_too_new = 您的帳號註冊時間太短，暫時無法投票，請稍後再試。
    .hours = 帳號註冊滿 { $hours } 小時後才能投票。
invalid_score = 請選擇 1 至 5 顆星。
results_not_published = 結果尚未公布。
voting_not_closed = 投票截止後才能選出得獎作品。
invalid_winners = 請從此挑戰中選出 1 至 10 件不同的作品。
flag_not_discountable = 只有作品投票的警示可以排除票數。

## Polls

invalid_question = 問題須為 3 至 200 個字元。
    .translation =
        { $field } { $min ->
            [0] 最多 { $max } 個字元
           *[other] 須為 { $min } 至 { $max } 個字元
        }。
invalid_product = 請填寫產品名稱（最多 120 個字元）。
    .translation =
        { $field } { $min ->
            [0] 最多 { $max } 個字元
           *[other] 須為 { $min } 至 { $max } 個字元
        }。
invalid_options = 投票需要 2 至 20 個不同的選項，每個 1 至 120 個字元。
    .translation =
        { $field } { $min ->
            [0] 最多 { $max } 個字元
           *[other] 須為 { $min } 至 { $max } 個字元
        }。
    .duplicate-labels = 選項名稱不可重複（{ $language }）。
invalid_max_choices = 可選數量須介於 1 與選項總數之間。
invalid_poll_times = 投票截止時間必須晚於開始時間。
too_many_invites = 一次最多邀請 500 位成員。
poll_locked = 投票開始後即無法修改。
poll_not_open = 此投票目前未開放。
not_invited = 此投票僅限受邀成員參加。
ballot_final = 此投票不開放修改選票。
invalid_choice = 請檢查您的選擇。

## Requests

validation_failed = 請檢查您輸入的內容。
    .unknown-language = { $at }：不支援「{ $language }」這個語言，請使用 en 或 zh-TW。
    .base-language = { $at }：{ $language } 是原文的語言，這個語言的文字請填在原文欄位。
    .unknown-field = { $at }：沒有「{ $field }」這個欄位，可用的有 { $fields }。
    .given-twice = { $at }：{ $field } 重複出現了。
    .base-locale = base_locale 只能是 en 或 zh-TW，不能是「{ $language }」。
invalid_json = 請求內容不是有效的 JSON。
    .detail = 請求內容不是有效的 JSON：{ $detail }
invalid_body = 無法讀取請求內容。
    .detail = 無法讀取請求內容：{ $detail }
invalid_query = 查詢參數無效。
    .detail = 查詢參數無效：{ $detail }
invalid_path = 網址無效。
    .detail = 網址無效：{ $detail }
unsupported_media_type = 請求必須以 JSON 傳送（Content-Type: application/json）。
method_not_allowed = 此處只提供 GET 與 HEAD 請求。

## The server itself

internal = 系統發生錯誤，請稍後再試。
database_unavailable = 目前無法連線到資料庫，請稍後再試。
store_unavailable = 目前無法連線到檔案儲存空間，請稍後再試。
frontend_not_built = 網頁前端尚未建置；請執行 scripts/build-frontend.sh。
    .dir = 網頁前端尚未建置於 { $dir }；請執行 scripts/build-frontend.sh。

## Detected by the web app itself (never sent by the server)

network_error = 無法連線到伺服器，請檢查網路連線後再試一次。
bad_response = 伺服器回應了無法解讀的內容。
not_logged_in = 您的登入已失效，請重新登入。

## Templates (the marketplace's core)

not_a_creator = 模板由認證專家，以及經工作人員核准為創作者的會員發布。
template_status = 模板目前的狀態不允許這項操作。
template_incomplete = 模板還不能送審。
    .previews = 請先加入至少一張預覽圖。
    .sources = 請先加入原始檔或編輯器連結。
template_published = 已發布過的模板無法刪除；請改為下架。
template_licensed = 已有會員取得此模板的授權或下了訂單，因此無法刪除；請改為下架。
too_many_previews = 這個模板的預覽圖已達上限。
    .limit = 每個模板最多 { $limit } 張預覽圖。
last_preview = 審核中或已發布的模板至少要保留一張預覽圖。
too_many_files = 這個模板的原始檔已達上限。
    .limit = 每個模板最多 { $limit } 個原始檔。
last_source = 審核中或已發布的模板至少要保留一個原始檔或編輯器連結。
unsupported_source_format = 原始檔必須是 SVG、PDF、PNG、JPEG、PSD、AI 或 ZIP。
invalid_svg = 無法讀取這個 SVG 檔。
svg_text_not_outlined = 這個 SVG 含有文字。請先將文字轉為外框（路徑）後再上傳。
licence_required = 取得此模板的授權後才能下載原始檔。
link_invalid = 這個下載連結無效。
link_expired = 這個下載連結已過期，請在模板頁面重新取得。
invalid_template = 請選擇已發布的模板。
invalid_template_title = 模板標題須為 3 至 120 個字元。
    .too-short = 標題至少需要 { $min } 個字元。
    .too-long = 標題最多 { $max } 個字元。
invalid_template_description = 說明太長了（最多 10,000 個字元）。
invalid_canvas = 請檢查畫布尺寸。
    .size = 畫布每邊須為 1 至 20,000 像素，或 1 至 2,000 公釐。
    .dpi = 以公釐為單位的畫布需要 72 至 1200 dpi 的列印解析度。
invalid_price = 請檢查價格。
    .free = 免費授權的價格為 0。
    .range = 付費授權的價格為新台幣 10 元至 100,000 元。
invalid_editor_url = 編輯器連結必須以 http:// 或 https:// 開頭。
## Orders, licences and payments

invalid_idempotency_key = 冪等鍵須為 8 至 64 個英文字母、數字、_ 或 -。
idempotency_conflict = 這個冪等鍵已用於另一個不同的請求（另一個模板的訂單或另一筆記帳）。
template_free = 這個模板是免費的：請直接取得授權，不必購買。
template_not_free = 這個模板不是免費的：購買後才能取得授權。
already_licensed = 您已持有這個模板的授權。
own_template = 這是您自己的模板，您已經可以下載。
order_not_pending = 只有待付款的訂單可以取消。
order_already_paid = 這筆訂單已付款（或已退款）。
order_not_paid = 只有已付款的訂單可以退款。
not_bank_transfer = 只有銀行轉帳需要手動標示為已付款；信用卡付款由金流服務確認。
invalid_reference = 請填寫銀行的轉帳參考編號（1 至 100 個字）。
invalid_limit = 不接受這個每頁筆數。
payment_provider_unavailable = 目前無法連線到金流服務，請稍後再試。
payment_provider_refused = 金流服務拒絕了這項要求。
signature_missing = 這則 webhook 沒有簽章。
signature_invalid = 這則 webhook 的簽章不符。
signature_expired = 這則 webhook 的簽章已過期。

## Revenue share: the ledger and the finance permission
finance_required = 只有財務人員可以執行此操作。
not_staff = 只有工作人員可以擁有財務權限；管理員一律擁有。
already_resolved = 此項目已經結算。
## 對帳單

invalid_period = 請確認期間：月份格式為 YYYY-MM、年份為 YYYY（2000 年起），且該期間必須已經開始。
statement_pdf_unavailable = 目前無法產生對帳單 PDF，請稍後再試。
## 撥款

invalid_payout_details = 請檢查您的收款資料。
    .account-name = 請填寫戶名（1 至 100 個字）。
    .bank-code = 銀行代碼為 3 位數字。
    .branch-code = 分行代碼為 4 位數字。
    .account-number = 帳號為 10 至 16 位數字。
    .email = 請填寫您 PayPal 帳戶的電子郵件地址。
threshold_out_of_range = 撥款門檻超出允許的範圍。
    .range = 撥款門檻必須介於 { $min } 與 { $max } { $currency } 之間。
period_not_started = 這個月份尚未開始，開始後才能執行撥款。
    .from = 這個月份尚未開始，自 { $from } 起才能執行撥款。
payout_not_pending = 只有待處理的撥款可以核准。
payout_not_approved = 只有已核准的撥款可以標示為已付款。
payout_closed = 這筆撥款已付款或已失敗。
## Revenue share: agreements, products, sales imports and prizes

invalid_share = 創作者分潤須介於 0 至 10000 個基點（0% 至 100%）之間。
invalid_parties = 一份協議有 1 至 20 位創作者，每位只能列一次，權重須為正數。
unknown_party = 協議中有一位創作者不存在。
invalid_term = 協議的結束時間必須晚於開始時間。
invalid_note = 備註最多 500 個字元。
invalid_product_code = 產品代碼為 1 至 40 個字元：A-Z、0-9 和 -。
invalid_product_name = 產品名稱為 1 至 200 個字元。
invalid_currency = 這不是幣別代碼（三個大寫英文字母，例如 TWD）。
unknown_challenge = 這個挑戰不存在。
unknown_submission = 這件作品不存在，或不屬於這個挑戰。
code_taken = 已有其他產品使用這個代碼。
invalid_sales = 匯入的資料中有幾行不正確，因此沒有記錄任何資料。請修正列出的各行後重新匯入。
empty_import = 這次匯入沒有任何銷售資料。
too_many_lines = 一次匯入最多 10,000 行，請分割檔案。
invalid_csv = 無法讀取這個檔案：請存成 CSV（UTF-8），標題列為 product_code,period,units,net_sales,currency。
invalid_filename = 檔名太長（最多 255 個字元）。
csv_required = 請以 CSV 檔案傳送銷售資料（Content-Type: text/csv）。
import_conflict = 同一時間有另一筆相同的銷售資料正在匯入，請再傳送一次。
unknown_product = 沒有使用這個代碼的產品。
invalid_amount = 金額不正確：須為 0 以上的數字，小數位數不得超過該幣別的位數。
currency_mismatch = 幣別與產品的幣別不符。
duplicate_line = 這個產品與期間已出現在匯入資料的另一行。
no_agreement = 這個產品沒有權利金協議。
outside_term = 這個產品沒有涵蓋此期間的權利金協議。
extra_field = 這一行的欄位多於 product_code,period,units,net_sales,currency。
invalid_prize = 獎金只能設定給第 1 至 10 名，每個名次一次，金額須大於 0。
prizes_confirmed = 得獎者已確認且獎金已入帳，獎金設定無法再變更。
no_winners = 請先選出得獎者，再確認得獎者。
winners_confirmed = 得獎者已確認且獎金已入帳，無法再變更。
