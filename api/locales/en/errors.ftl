# Messages for the error codes of the API, in English (the source locale).
#
# The message id is the error code exactly as the API sends it in
# {"error":{"code","message"}}. The server answers with these texts in the
# language of the request's Accept-Language; the web app shows them too.
#
# A message's value takes no variables: the web app shows it without any.
# Where the server knows more (a limit, a size), it uses an attribute of the
# message, e.g. `.limit`, with the variables written there.

## Accounts and sessions

unauthenticated = Please log in first.
invalid_token = Your session is not valid. Please log in again.
token_expired = Your session has expired. Please log in again.
invalid_credentials = Wrong email or password.
account_exists = An account with this email or handle already exists.
invalid_email = That email address does not look right.
invalid_handle = A handle has 3 to 30 characters (a-z, 0-9 and _) and does not start with _.
invalid_display_name = A display name has 1 to 60 characters.
weak_password = That password is too short or too weak.
    .too-short = The password must have at least { $min } characters.
    .too-long = The password must be at most { $max } bytes long.
invalid_bio = That bio cannot be saved.
    .too-short = The bio needs at least { $min } characters.
    .too-long = The bio can have at most { $max } characters.
invalid_refresh_token = Your session is not valid. Please log in again.
refresh_token_expired = Your session has expired. Please log in again.
refresh_token_reused = This session was ended because its token was used twice. Please log in again.
csrf_rejected = The request was refused because it did not come from this site.
email_unverified = Confirm your email address first, with the link we mailed you.
verification_invalid = This link is not valid. Log in and ask for a new one.
verification_expired = This link has expired. Log in and ask for a new one.
already_verified = Your email address is already confirmed.
mail_unavailable = The mail could not be sent right now. Please try again later.
rate_limited = Too many attempts. Please wait a moment and try again.
    .retry =
        Too many attempts. Please try again in { $seconds ->
            [one] one second
           *[other] { $seconds } seconds
        }.

## Expert applications and staff

invalid_field = Please describe your field of expertise (2 to 80 characters).
invalid_links = Please give 1 to 5 portfolio links starting with http:// or https://.
application_pending = You already have an application waiting for review.
not_a_member = Only members can apply to become experts.
already_decided = This application has already been decided.
reason_required = Please give a reason (3 to 500 characters).
invalid_reason = The reason must be at most 1000 characters.
invalid_status = That status is not known.
forbidden = You are not allowed to do that.
not_found = We could not find what you were looking for.
    .endpoint = no endpoint { $method } { $path }

## Challenges

invalid_slug = The address may use 3-60 characters: a-z, 0-9 and -.
slug_taken = Another challenge already uses this address.
invalid_title = Please give a title (up to 120 characters).
    .translation =
        { $field } must be { $min ->
            [0] at most { $max }
           *[other] { $min }-{ $max }
        } characters.
invalid_brief = The brief is too long (at most 20000 characters).
    .translation =
        { $field } must be { $min ->
            [0] at most { $max }
           *[other] { $min }-{ $max }
        } characters.
invalid_prizes = The prizes text is too long (at most 2000 characters).
    .translation =
        { $field } must be { $min ->
            [0] at most { $max }
           *[other] { $min }-{ $max }
        } characters.
invalid_palette = The palette needs 1 to 8 colours like #a3391f.
invalid_rules = Please check the rules: 1 to 20 entries per member, at least one of JPEG, PNG, WebP and GIF, a minimum size of 0 to 10000 pixels.
invalid_phase_times = The dates must follow each other: entries open, voting opens, voting closes, results.
invalid_phase = That phase is not known.
missing_field = Please fill in every required field.

## Entries and images

submissions_closed = This challenge is not accepting entries now.
entry_limit_reached = You have used all your entries for this challenge.
    .limit =
        This challenge accepts { $limit ->
            [one] one entry
           *[other] { $limit } entries
        } per member.
format_not_accepted = This challenge does not accept that image format.
    .formats = This challenge accepts { $formats } images; this file is { $format }.
image_too_small = That image is too small.
    .size = That image is { $width }×{ $height } pixels; this challenge needs at least { $min_width }×{ $min_height }.
image_too_large = That image has too many pixels.
unsupported_image_format = That file is not a PNG, JPEG, WebP or GIF image.
invalid_image = That file is not an image we can read.
missing_file = Please choose an image to upload.
invalid_description = The description is too long (at most 2000 characters).
    .translation =
        { $field } must be { $min ->
            [0] at most { $max }
           *[other] { $min }-{ $max }
        } characters.
invalid_tags = Tags may use letters, digits, - and _ (up to 10 tags of 30 characters).
entry_closed = This entry can no longer be changed.
voting_closed = Entries cannot change after voting closes.
withdraw_closed = Voting has started, so this entry can no longer be withdrawn: that would throw away the votes other members gave it. Ask the staff if it must be removed.
vote_locked = This vote can no longer be cleared.
not_a_colour_challenge = This is not a colour challenge.
not_flagged = This entry is no longer flagged.
ranking_unavailable = The ranking is published with the results.
invalid_sort = Entries can be sorted by newest or by rank.
invalid_cursor = That page link is no longer valid; start from the first page.
payload_too_large = That file is too large.
upload_timeout = The upload took too long. Please try again.
upload_interrupted = The upload did not finish. Please try again.
uploads_busy = Too many uploads are in progress. Please try again in a moment.
processing_timeout = The image took too long to process.
invalid_form = The upload form is not valid.

## Voting and results

voting_not_open = Voting is not open for this challenge.
own_entry = You cannot vote on your own entry.
account_too_new = Your account is too new to vote. Please try again later.
    .hours =
        Accounts may vote once they are { $hours ->
            [one] one hour
           *[other] { $hours } hours
        } old.
invalid_score = Please choose 1 to 5 stars.
results_not_published = The results are not published yet.
voting_not_closed = Winners can be picked once voting has closed.
invalid_winners = Pick 1 to 10 different entries of this challenge.
flag_not_discountable = Only flags on entry votes can be discounted.

## Polls

invalid_question = The question must be 3-200 characters.
    .translation =
        { $field } must be { $min ->
            [0] at most { $max }
           *[other] { $min }-{ $max }
        } characters.
invalid_product = Please name the product (up to 120 characters).
    .translation =
        { $field } must be { $min ->
            [0] at most { $max }
           *[other] { $min }-{ $max }
        } characters.
invalid_options = A poll needs 2 to 20 different options of 1 to 120 characters.
    .translation =
        { $field } must be { $min ->
            [0] at most { $max }
           *[other] { $min }-{ $max }
        } characters.
    .duplicate-labels = Option labels must differ ({ $language }).
invalid_max_choices = The number of choices must be between 1 and the number of options.
invalid_poll_times = A poll must close after it opens.
too_many_invites = Invite at most 500 members at a time.
poll_locked = A poll cannot change once it has opened.
poll_not_open = This poll is not open.
not_invited = This poll is for invited members only.
ballot_final = This poll does not allow changing a ballot.
invalid_choice = Please check your choices.

## Requests

validation_failed = Please check what you entered.
    .unknown-language = { $at }: unknown language “{ $language }” (use en or zh-TW).
    .base-language = { $at }: { $language } is the base language; its text goes in the base fields.
    .unknown-field = { $at }: unknown field “{ $field }” (use { $fields }).
    .given-twice = { $at }: { $field } is given twice.
    .base-locale = base_locale must be en or zh-TW, not “{ $language }”.
invalid_json = The request body is not valid JSON.
    .detail = The request body is not valid JSON: { $detail }
invalid_body = The request body could not be read.
    .detail = The request body could not be read: { $detail }
invalid_query = The query parameters are not valid.
    .detail = The query parameters are not valid: { $detail }
invalid_path = That address is not valid.
    .detail = That address is not valid: { $detail }
unsupported_media_type = The request must be sent as JSON (Content-Type: application/json).
method_not_allowed = Only GET and HEAD are served here.

## The server itself

internal = Something went wrong on our side. Please try again later.
database_unavailable = The database cannot be reached right now. Please try again shortly.
store_unavailable = The file storage cannot be reached right now. Please try again shortly.
frontend_not_built = The web frontend is not built; run scripts/build-frontend.sh.
    .dir = The web frontend is not built at { $dir }; run scripts/build-frontend.sh.

## Detected by the web app itself (never sent by the server)

network_error = Could not reach the server. Check your connection and try again.
bad_response = The server sent an answer we did not understand.
not_logged_in = Your session has ended. Please log in again.

## Templates (the marketplace's core)

not_a_creator = Templates are published by verified experts and by members the staff approved as creators.
template_status = The template's status does not allow this now.
template_incomplete = The template is not ready for review yet.
    .previews = Add at least one preview image first.
    .sources = Add a source file or an editor link first.
template_published = A template that has been published can no longer be deleted; unlist it instead.
template_licensed = Members hold licences for this template or ordered it, so it cannot be deleted; unlist it instead.
too_many_previews = This template has all the preview images it can have.
    .limit = A template has at most { $limit } preview images.
last_preview = A template in review or published keeps at least one preview image.
too_many_files = This template has all the source files it can have.
    .limit = A template has at most { $limit } source files.
last_source = A template in review or published keeps a source file or an editor link.
unsupported_source_format = A source file must be SVG, PDF, PNG, JPEG, PSD, AI or ZIP.
invalid_svg = That SVG file could not be read.
svg_text_not_outlined = That SVG contains text. Convert the text to outlines (paths) and upload it again.
licence_required = Get a licence for this template to download its source files.
link_invalid = This download link is not valid.
link_expired = This download link has expired. Ask for a new one on the template's page.
invalid_template = Please choose a published template.
invalid_template_title = A template's title has 3 to 120 characters.
    .too-short = The title needs at least { $min } characters.
    .too-long = The title can have at most { $max } characters.
invalid_template_description = The description is too long (at most 10,000 characters).
invalid_canvas = Please check the canvas size.
    .size = Each side of the canvas is 1 to 20,000 pixels or 1 to 2,000 millimetres.
    .dpi = A canvas in millimetres needs a print resolution of 72 to 1200 dpi.
invalid_price = Please check the price.
    .free = A free licence has the price 0.
    .range = A paid licence costs NT$10 to NT$100,000.
invalid_editor_url = The editor link must start with http:// or https://.
## Orders, licences and payments

invalid_idempotency_key = The idempotency key must be 8 to 64 characters of letters, digits, _ and -.
idempotency_conflict = This idempotency key was already used for a different request (an order of another template, or another posting).
template_free = This template is free: take its licence instead of buying it.
template_not_free = This template is not free: buy it to get its licence.
already_licensed = You already hold a licence for this template.
own_template = This is your own template; you can download it already.
order_not_pending = Only a pending order can be cancelled.
order_already_paid = This order is paid (or refunded) already.
order_not_paid = Only a paid order can be refunded.
not_bank_transfer = Only a bank transfer is marked paid by hand; card payments are confirmed by the payment provider.
invalid_reference = Give the bank's reference for the transfer (1 to 100 characters).
invalid_limit = The page size is not allowed.
payment_provider_unavailable = The payment provider cannot be reached right now. Please try again shortly.
payment_provider_refused = The payment provider refused the request.
signature_missing = The webhook has no signature.
signature_invalid = The webhook's signature does not match.
signature_expired = The webhook's signature is too old.

## Revenue share: the ledger and the finance permission
finance_required = Only finance staff may do this.
not_staff = Only staff members can hold the finance permission; admins always have it.
already_resolved = This has already been settled.
## Statements

invalid_period = Please check the period: a month is written YYYY-MM and a year YYYY (from 2000), and the period must have begun.
statement_pdf_unavailable = Statement PDFs cannot be made right now. Please try again later.
## Payouts

invalid_payout_details = Please check your payout details.
    .account-name = Give the account holder's name (1 to 100 characters).
    .bank-code = The bank code has 3 digits.
    .branch-code = The branch code has 4 digits.
    .account-number = The account number has 10 to 16 digits.
    .email = Give the email address of your PayPal account.
threshold_out_of_range = The payout threshold is outside the allowed range.
    .range = The payout threshold must be between { $min } and { $max } { $currency }.
period_not_started = This month has not begun yet; its payouts can be run once it has.
    .from = This month has not begun yet; its payouts can be run from { $from }.
payout_not_pending = Only a pending payout can be approved.
payout_not_approved = Only an approved payout can be marked paid.
payout_closed = This payout is paid or failed already.
## Revenue share: agreements, products, sales imports and prizes

invalid_share = The creators' share must be between 0 and 10000 basis points (0 to 100 %).
invalid_parties = An agreement has 1 to 20 creators, each named once with a positive weight.
unknown_party = One of the agreement's creators does not exist.
invalid_term = The agreement must end after it starts.
invalid_note = The note can have at most 500 characters.
invalid_product_code = A product code has 1 to 40 characters: A-Z, 0-9 and -.
invalid_product_name = A product's name has 1 to 200 characters.
invalid_currency = That is not a currency code (three capital letters, such as TWD).
unknown_challenge = That challenge does not exist.
unknown_submission = That entry does not exist, or is not in that challenge.
code_taken = Another product already has this code.
invalid_sales = Some lines of the import are not valid; nothing was recorded. Fix the lines listed and import again.
empty_import = The import has no sales lines.
too_many_lines = An import has at most 10,000 lines; split the file.
invalid_csv = The file could not be read: save it as CSV (UTF-8) with the header product_code,period,units,net_sales,currency.
invalid_filename = The file name is too long (at most 255 characters).
csv_required = Send the sales as a CSV file (Content-Type: text/csv).
import_conflict = Another import of the same sales was being recorded at the same time. Please send it again.
unknown_product = There is no product with this code.
invalid_amount = That is not a valid amount: a number of at least 0, with no more decimals than the currency has.
currency_mismatch = The currency is not the product's currency.
duplicate_line = This product and period are already on another line of the import.
no_agreement = This product has no royalty agreement.
outside_term = No royalty agreement of this product covers this period.
extra_field = The line has more columns than product_code,period,units,net_sales,currency.
invalid_prize = Prizes are for places 1 to 10, each once, with an amount above 0.
prizes_confirmed = The winners are confirmed and their prizes paid; the prizes can no longer change.
no_winners = Pick the winners before confirming them.
winners_confirmed = The winners are confirmed and their prizes paid; they can no longer change.
