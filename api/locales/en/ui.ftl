# Every text of the web app in English (the source locale).
# Message ids are kebab-case; the Rust code names them in CamelCase:
# `nav-challenges` is `Key::NavChallenges`. Variables are written { $name }.
# Error codes from the server have their texts in errors.ftl.

## shell

skip-to-content = Skip to main content
nav-main = Main
nav-account = Account
nav-home = Home
nav-challenges = Challenges
nav-my-profile = My profile
nav-expert = Become an expert
nav-staff-applications = Applications
nav-staff-users = Users
nav-staff-audit = Audit log
log-in = Log in
register = Register
log-out = Log out
signed-in-as = Signed in as:
language = Language
footer-text = Atelier — where our community designs together.
loading = Loading…
retry = Try again
## home

home-intro = Submit your work, vote for your favourites and learn from experts.
# The number is shown before it, in its own element.
stat-members =
    { $count ->
        [one] member
       *[other] members
    }
# The number is shown before it, in its own element.
stat-challenges =
    { $count ->
        [one] challenge
       *[other] challenges
    }
latest-challenges = Latest challenges
see-all-challenges = See all challenges
no-challenges = No challenges yet.
join-cta = Join the community

## challenges

group-open = Open now
group-upcoming = Coming up
group-past = Past challenges
nothing-here = Nothing here right now.
phase-upcoming = Upcoming
phase-submissions = Open for entries
phase-voting = Voting
phase-closed = Closed
phase-results = Results out
theme = Theme
theme-holiday = Holiday
theme-topic = Topic
theme-colour = Colour
palette = Colour palette
submissions-open = Entries open
voting-opens = Voting opens
voting-closes = Voting closes
results-on = Results

## not found

not-found-title = Page not found
not-found-body = We couldn't find the page you were looking for.
back-home = Back to the home page

## accounts

email = Email
password = Password
handle = Handle
handle-hint = Your public address: /u/your-handle
display-name = Display name
login-title = Log in to Atelier
logging-in = Logging in…
no-account = New here?
create-account = Create an account
register-submit = Create account
register-title = Create your account
registering = Creating your account…
have-account = Already have an account?
already-logged-in = You are logged in as { $handle }.
login-required = Please log in to see this page.
staff-only = This page is for staff only.

## profiles

role = Role
role-member = Member
role-expert = Expert
role-staff = Staff
role-admin = Admin
member-since = Member since { $date }
view-public-profile = View my public profile
edit-profile = Edit profile
bio = Bio
no-bio = No bio yet.
save = Save
saving = Saving…
profile-saved = Your profile has been saved.
avatar = Avatar
avatar-choose = Choose an image (PNG, JPEG, WebP or GIF, up to 5 MB)
avatar-preview = Preview of your new avatar
avatar-upload = Upload avatar
uploading = Uploading…
avatar-uploaded = Your avatar has been updated.
avatar-too-large = That image is larger than 5 MB.
avatar-wrong-type = Please choose a PNG, JPEG, WebP or GIF image.
avatar-alt = Avatar of { $name }
expert-badge = Verified expert
works = Work
no-works = No public work yet.
in-challenge = Challenge: { $challenge }

## expert applications

expert-title = Become a verified expert
expert-intro = Verified experts run workshops and carry a badge on their profile. Tell our staff about your work.
field = Field of expertise
field-hint = For example: packaging design, illustration
about-your-work = About you and your work
portfolio-links = Portfolio links
portfolio-hint = One link per line.
send-application = Send application
sending = Sending…
application-sent = Thank you! Your application has been sent.
my-applications = My applications
status-pending = Pending
status-approved = Approved
status-rejected = Rejected
reason = Reason
already-expert = You are a verified expert in { $field }.
sent-on = Sent

## staff

applications-title = Expert applications
no-pending = No applications are waiting for review.
approve = Approve
reject = Reject
reject-reason = Reason for rejecting
reason-required = Please give a reason when rejecting.
decision-saved = Decision saved for { $handle }.
users-title = User administration
search-users = Search by handle, name or email
search = Search
no-users = No users found.
name = Name
joined = Joined
new-role-for = New role for { $handle }
change-role = Change role
role-changed = { $handle } is now: { $role }.
audit-title = Audit log
when = When
actor = Who
action = Action
subject = Subject
detail = Detail
system-actor = system
no-audit = Nothing has been logged yet.
audit-older = Older entries
audit-newest = Newest entries
change-reason = Reason for changing the timeline
change-reason-hint = Needed when phase times or tally visibility change; it goes into the audit log.
change-reason-needed = Give a reason of at least 3 characters for changing phase times or tally visibility.

## navigation (issue 4 and 5)

nav-polls = Polls
nav-my-entries = My entries
nav-staff-group = Staff:
nav-staff-challenges = Manage challenges
nav-staff-duplicates = Duplicates
nav-staff-vote-flags = Vote flags
breadcrumb = Breadcrumb

## shared bits

add = Add
edit = Edit
edit-named = Edit: { $title }
actions = Actions
status = Status
phase = Phase
description = Description
tags = Tags
tags-hint = Comma-separated, up to 10 (letters, digits, - and _).
save-changes = Save changes
downloading = Downloading…
choose-image = Choose an image
results = Results
see-results = See the results
results-of = Results: { $title }
votes = Votes
vote-count =
    { $count ->
        [one] { $count } vote
       *[other] { $count } votes
    }
share = Share
note = Note
option = Option
show-as-table = Show the numbers as a table
winner = Winner
eliminated = Eliminated
cannot-vote-now = You cannot vote here right now.
log-in-to-vote = Log in to vote.

## challenge statuses

status-draft = Draft
status-published = Published
status-archived = Archived

## challenge page

countdown-days = { $days }d { $time }
countdown-submissions = Entries open in
countdown-voting = Voting opens in
countdown-voting-closes = Voting closes in
countdown-results = Results in
phase-overridden = The phase was set by staff.
cover-alt = Cover image of { $title }
brief = Brief
challenge-facts = Rules, prizes and dates
rules = Rules
entries-per-member = Entries per member
accepted-formats = Accepted formats
minimum-size = Minimum size
no-minimum = No minimum
prizes = Prizes
timeline = Timeline
entries = Entries
staff-ranking = Ranking (staff)
edit-challenge = Edit challenge
submit-entry = Submit your entry
staff-do-not-submit = Staff run challenges and do not submit entries.

## entry form

entry-file-hint = { $formats }, up to { $size }.
entry-min-size = At least { $width } × { $height } pixels.
entry-wrong-type = This challenge accepts { $formats } images only.
entry-too-large = That file is larger than { $size }.
entry-empty-file = That file is empty.
entry-no-file = Please choose an image first.
entry-title = Title
entry-preview-alt = Preview of your image
palette-check = Palette check
checking-colours = Checking the colours…
upload-progress = Upload progress
upload-sending = Uploading your image…
upload-processing = Uploaded. Processing your image…
upload-done = Upload complete.
entry-submitted = Your entry has been submitted.
view-your-entry = View your entry
submit-entry-button = Submit entry

## palette match

palette-match = Palette match
palette-score = Palette score:
image-colour = Image colour
nearest-palette-colour = Nearest palette colour
colour-difference = Colour difference (ΔE)

## gallery

shuffle-note = During voting, entries appear in a random order (the same for you each time), so every entry gets a fair look.
filter-by-tag = Filter by tag
filter-by-tag-named = Show entries tagged { $tag }
filtered-by-tag = Showing entries tagged #{ $tag }.
filter = Filter
clear-filter = Clear filter
sort-by = Sort by
sort-newest = Newest first
sort-rank = Ranking
no-entries = No entries yet.
load-more = Load more
entry-alt = { $title } by { $author }

## entry page

by = By:
entry-visible = Visible
entry-hidden = Hidden
entry-withdrawn = Withdrawn
entry-disqualified = Disqualified
dominant-colours = Main colours
duplicate-of = Suspected near-duplicate of:
review-duplicates = Review suspected duplicates
download-original = Download original
rate-this-entry = Rate this entry
staff-do-not-vote = Staff pick the winners and do not vote.
your-rating = Your rating
star-count =
    { $count ->
        [one] { $count } star
       *[other] { $count } stars
    }
your-vote = Your vote: { $n }
not-voted-yet = You have not rated this entry yet.
vote-saved = Your vote has been saved.
edit-entry = Edit your entry
entry-saved = Your changes have been saved.
withdraw-entry = Withdraw entry
confirm-withdraw = Withdraw this entry? It will leave the gallery and free your slot.
entry-withdrawn-note = Your entry has been withdrawn.

## my entries

no-my-entries = You have not entered any challenges yet.
disqualified-note = Staff removed this entry from the challenge.

## results

results-not-yet = The results are not out yet.
results-published-on = Publication date:
back-to-challenge = Back to the challenge
staff-preview-note = Staff preview: these results are not public yet.
winners = Winners
# A winner's place: "1st place", "第 1 名".
place =
    { NUMBER($place, type: "ordinal") ->
        [one] { $place }st
        [two] { $place }nd
        [few] { $place }rd
       *[other] { $place }th
    } place
no-winners-yet = The winners have not been picked yet.
ranking = Ranking
ranking-named = Ranking of { $title }
rank = Rank
entry = Entry
mean-score = Average
bayesian-score = Score
pick-winners = Pick the winners
pick-winners-hint = Add entries in place order: the first is first place. Use the buttons or drag them.
winners-in-order = Winners in place order
candidates = Entries
save-winners = Save winners
winners-saved = The winners have been saved.

## ranking builder

ranking-hint = Drag items, or use the buttons: ↑ and ↓ move, ✕ removes.
ranking-empty = Nothing ranked yet: add options from the list.
ranking-full = The list is full.
move-up = Move { $label } up
move-down = Move { $label } down
remove-from-ranking = Remove { $label } from the ranking
add-to-ranking = Add { $label } to the ranking
rank-announce = { $label } is now number { $n }.
rank-removed-announce = { $label } was removed from the ranking.

## staff: challenges

manage-challenges = Manage challenges
new-challenge = New challenge
challenge-title = Title
view-challenge = View challenge
challenge-saved = The challenge has been saved.
about-challenge = About the challenge
slug = Address (slug)
slug-hint = 3-60 characters: a-z, 0-9 and -. The page will be /challenges/your-slug.
brief-hint = Markdown: **bold**, *italic*, lists and links.
min-width = Minimum width (px)
min-height = Minimum height (px)
times-hint = Times are in your time zone.
tallies-during-voting = Show vote tallies while voting is open
create-challenge = Create challenge
colour-n = Colour { $n }
remove-colour-n = Remove colour { $n }
add-colour = Add a colour
form-bad-number = Please enter whole numbers.
form-bad-date = Please enter every date and time.
form-no-formats = Accept at least one image format.
form-palette-size = A colour challenge needs 1 to 8 palette colours.
form-option-count = A poll needs 2 to 20 options.
texts-in = Texts in
bilingual-hint = Write in one language or both. Readers see their own language, or the other one where a text is left empty.
form-title-missing = Give the challenge a title in at least one language.
form-poll-incomplete = Fill in the question, the product and every option in at least one language.
phase-override = Phase override
current-phase = Current phase:
set-phase = Set the phase to
follow-clock = Follow the schedule (no override)
apply-phase = Apply
phase-saved = The phase has been updated.
cover-image = Cover image
cover-preview-alt = Cover image preview
upload-cover = Upload cover
cover-uploaded = The cover has been updated.

## staff: duplicates

duplicates-title = Suspected duplicates
duplicates-intro = These entries look almost the same as an earlier entry. Compare them, then disqualify the later one or clear the flag.
no-duplicates = No suspected duplicates to review.
flagged-entry = Flagged:
earlier-entry = Earlier:
hash-distance = Image difference: { $n } of 64 (0 means identical).
duplicate-card-label = Suspected duplicate: entry { $id }
disqualify = Disqualify
not-a-duplicate = Not a duplicate
duplicate-disqualified = The entry has been disqualified.
duplicate-cleared = The flag has been cleared.

## staff: vote flags

vote-flags-title = Vote integrity flags
vote-flags-intro = Patterns that may mean coordinated voting. Look into each and record what you found.
no-vote-flags = No flags have been raised.
flag-kind = Kind
flag-new-account-burst = Burst of votes from new accounts
flag-shared-ip = Many accounts from one address
resolution = Resolution
mark-reviewed = Mark reviewed
reviewed = Reviewed

## polls

polls-intro = Help shape our products: vote on names, packaging and flavours.
no-polls = No polls yet.
new-poll = New poll
poll-scheduled = Scheduled
poll-open = Open
poll-closed = Closed
method-single = Single choice
method-approval = Approval
method-ranked = Ranked choice
eligibility-all = All members
eligibility-invited = Invited members
you-voted = You voted
poll-opens = Opens
poll-closes = Closes
poll-opens-in = Voting opens in
poll-closes-in = Voting closes in
product = Product
ballot-changes = Changing your ballot
changes-allowed = Allowed until the poll closes
changes-not-allowed = Not allowed: your first ballot is final
single-hint = Choose one option.
approval-hint = Choose every option you like, up to { $n }.
ranked-hint = Rank the options in order of preference. You need not rank them all; ballots are counted by instant runoff.
cast-ballot = Cast your ballot
cast-my-ballot = Cast my ballot
update-ballot = Update my ballot
ballot-counted = Your ballot has been counted.
ballot-is-final = You have voted. This poll does not allow changing a ballot.
your-ballot = Your ballot
poll-not-open-yet = This poll has not opened yet.
poll-has-closed = This poll has closed.
staff-do-not-vote-polls = Staff run polls and do not vote in them.
choose-one = Choose one
choose-up-to = Choose up to { $n }
chosen-count = { $n } of { $max } chosen
your-ranking = Your ranking
not-ranked = Not ranked
staff-tools = Staff tools
live-results = Results so far (staff)
export-csv = Export ballots (CSV)
invite-members = Invite members
handles-to-invite = Handles to invite
handles-hint = Separate handles with commas, spaces or new lines.
invite = Invite
invited-list = Invited: { $handles }.
unknown-handles = Unknown handles: { $handles }.
option-images = Option images
image-for-option = Image for { $label }

## poll results

poll-results-later = Results are published when the poll closes:
back-to-poll = Back to the poll
ballot-count =
    { $count ->
        [one] { $count } ballot
       *[other] { $count } ballots
    }
winner-is = Winner: { $label }
no-winner = No option won: no ballot ranked anything.
first-preferences = First preferences
votes-per-option = Votes per option
runoff-rounds = Instant-runoff rounds
round-n = Round { $n }
round-caption =
    { $active ->
        [one] { $active } ballot
       *[other] { $active } ballots
    } counted, { $exhausted } exhausted (no option left on them).
eliminated-after-round = { $label } had the fewest votes and was eliminated; its ballots move to their next choice.
majority-reached = An option has more than half of the ballots: the count ends.
how-counted = How the ballots are counted:

## poll form

question = Question
counting-method = Counting method
max-choices = Most options a ballot may approve
who-may-vote = Who may vote
allow-change = Members may change their ballot until the poll closes
options = Options
options-hint = 2 to 20 options; each must differ.
option-n = Option { $n }
remove-option-n = Remove option { $n }
add-option = Add an option
create-poll = Create poll

## the server's explanations, translated

palette-explanation = Each dominant colour of the image is compared with its nearest palette colour; closer colours and larger shares raise the score, 100 meaning the image uses only palette colours.
rules-instant-runoff = Each round every ballot counts for its highest-ranked option still in the race; an option with more than half wins, otherwise the option with the fewest votes is eliminated. A tie for fewest is broken by the latest earlier round in which the tied options differed, then by a reproducible draw whose seed is published with the results.
rules-plurality = Most votes wins. Options sharing the most votes are a tie, shown as one; it is broken by a reproducible draw whose seed is published with the results.

## server error codes (issue 4 and 5)

## email verification

verify-email-title = Confirm your email address
email-verified = Thank you: your email address is confirmed.
verify-no-token = Open this page with the link from the mail we sent you.
unverified-banner = Please confirm your email address: open the link we mailed to { $email }.
resend-verification = Send the link again
verification-resent = We sent you a new link.

## staff: discounting flagged votes

discount-votes = Discount these votes
votes-discounted = Votes discounted: { $count }

## layout: phone menu, not-found and empty states

nav-menu = Menu
not-found-challenge = There is no challenge at this address, or it is not published yet.
not-found-entry = There is no entry with this number, or it is no longer shown.
not-found-poll = There is no poll with this number, or it is not open to you.
not-found-user = No member has this handle.
back-to-challenges = Back to the challenges
back-to-polls = Back to the polls
gallery-tag-count =
    { $count ->
        [0] No entries are tagged #{ $tag }.
        [one] 1 entry is tagged #{ $tag }.
       *[other] { $count } entries are tagged #{ $tag }.
    }
show-all-entries = Show all entries
## polls & experts

leading-is = Leading: { $label }
live-results-note = This poll is still open: these are live results, not the final outcome.
majority-leading = So far this option has more than half of the votes.
tied-for-win = Tie: { $labels } had the same number of votes.
tied-for-lead = Tied for the lead: { $labels }.
tied-for-last = Tie for last place: { $labels }.
tie-broken-winner = The tie was broken in favour of { $label }:
tie-broken-leading = For now the tie goes to { $label }:
tie-break-earlier-rounds = the tied options were compared in the latest earlier round where their votes differed, and the one with fewer votes then was eliminated.
tie-break-draw = a reproducible draw. Each tied option's number is the SHA-256 of the seed { $seed }, a colon and the option's id; the lowest number wins (in a runoff round, the highest is eliminated). Voters saw the options in a shuffled order, so the listing order decides nothing.
option-image-n = Image for option { $n } (optional)
option-images-hint = Images can be added or replaced until the poll opens.
poll-created = Poll created.
poll-created-images = { $n ->
    [one] Poll created with one option image.
   *[other] Poll created with { $n } option images.
}
option-images-failed = { $n ->
    [one] One image could not be added: add it under “Option images” while the poll is scheduled.
   *[other] { $n } images could not be added: add them under “Option images” while the poll is scheduled.
}
option-image-added = Image added for “{ $label }”.
expert-bio-rule = Between { $min } and { $max } characters about your work: what you make, for whom, and since when. It becomes your profile bio when approved.
expert-bio-count = { $n } characters (at least { $min }, at most { $max })
application-pending-title = Your application is waiting for review
application-pending-text = You applied as an expert in { $field }. Staff will review it; their decision will appear here.
application-approved-title = Your application was approved
application-approved-text = You are a verified expert in { $field }. Your profile shows the badge and your application's bio.
application-rejected-title = Your application was not approved
application-rejected-reason = Staff's reason: { $reason }
apply-again = You may apply again; please take the reason into account.
applied-on = Sent on
expert-field-for = Field of expertise for { $handle }
expert-field-role-hint = Needed unless they have a pending application; it shows on their expert badge.
role-admin-only = Only admins change this role.
## audit log: what staff did, by action code and subject kind

audit-challenge-create = Created a challenge
audit-challenge-update = Edited a challenge
audit-challenge-phase-override = Changed a challenge's phase
audit-challenge-cover = Changed a challenge's cover
audit-challenge-pick-winners = Picked the winners
audit-entry-disqualify = Disqualified an entry
audit-entry-disqualify-duplicate = Disqualified a duplicate entry
audit-entry-clear-duplicate = Cleared a duplicate flag
audit-poll-create = Created a poll
audit-poll-update = Edited a poll
audit-poll-option-image = Changed a poll option's image
audit-poll-invite = Invited voters to a poll
audit-poll-export = Exported a poll's ballots
audit-vote-flag-review = Reviewed a vote flag
audit-vote-flag-discount = Discounted flagged votes
audit-user-create = Created an account
audit-user-role-change = Changed a role
audit-expert-approve = Approved an expert
audit-expert-reject = Rejected an expert application
audit-subject-challenge = Challenge
audit-subject-entry = Entry
audit-subject-poll = Poll
audit-subject-user = User
audit-subject-vote-flag = Vote flag
## forms: field rules, counters, upload pre-checks, sign-up

handle-rule = { $min } to { $max } characters: a-z, 0-9 and _, not starting with _. It is your public address: /u/your-handle.
password-rule = At least { $min } characters. Use a long password you don't use elsewhere.
display-name-rule = Up to { $max } characters; shown with your entries.
bio-rule = Optional, up to { $max } characters.
entry-title-rule = Up to { $max } characters.
phase-order-rule = Entries open, then voting opens, voting closes and results come, each after the one before.
char-count = { $count } / { $max } characters
welcome-new-member = Welcome to Atelier, { $name }! Your account is ready.
register-or-log-in-to-submit = Create an account or log in to submit an entry.
entries-used = { $used } of { $limit ->
    [one] one entry
   *[other] { $limit } entries
} used
entry-limit-closed = You have used all { $limit ->
    [one] your entry
   *[other] { $limit } of your entries
} for this challenge, so the form is closed. You can still edit or withdraw them.
see-my-entries = See my entries
entry-too-small = This image is { $width } × { $height } pixels; this challenge needs at least { $min_width } × { $min_height }.
entry-unreadable = This file could not be read as an image. Please choose another one.
entry-reading-image = Checking the image…
## results and voting basics

# The marker on a gallery card the viewer has voted on.
voted-marker = Voted { $n } ★
clear-vote = Clear my vote
vote-cleared = Your vote has been cleared.
entry-neighbours = Entries in this gallery
previous-entry = ← Previous
next-entry = Next →
previous-entry-named = Previous entry: { $title }
next-entry-named = Next entry: { $title }
entry-position = { $position } of { $total }
placement-heading = Result
placement-rank = Ranked { $rank } of { $of }
withdraw-closed-note = Voting has started, so this entry can no longer be withdrawn: that would throw away the votes other members gave it. Ask the staff if it must be removed.
withdraw-open-note = You can withdraw this entry until voting starts.
status-reason = Reason given by the staff: { $reason }
disqualify-entry = Disqualify this entry
disqualify-entry-hint = The entry leaves the gallery and the ranking. Its author sees your reason.
confirm-disqualify = Disqualify this entry? This cannot be undone.
entry-disqualified-done = The entry has been disqualified.
ranking-explained-heading = How the score is computed
ranking-explained-votes = Members give each entry 1 to 5 stars during voting. Their average is the "Average" column.
ranking-explained-prior = The "Score" adds five imaginary votes at the challenge's overall average to every entry: score = (5 × challenge average + sum of the entry's stars) ÷ (5 + number of votes).
ranking-explained-why = So an entry with a single 5-star vote does not outrank one that many members rated highly: the more votes an entry has, the closer its score is to its own average.
ranking-explained-ties = Equal scores go to the entry with more votes, then to the one submitted first. Votes the staff set aside as suspicious do not count.
ranking-explained-winners = The staff pick the winners from this ranking.
## creator: the template form, uploads, my templates and the dashboard, template review

creator-my-templates = My templates
creator-new-template = New template
creator-new-lead = Describe your template and save it as a draft. Then add its previews and source files, and submit it for review.
creator-edit-template = Edit template
creator-not-yours = Only its creator and the staff can edit this template.
creator-draft-created = Draft saved. Now add previews and source files, then submit it for review.
creator-saved = Your changes have been saved.
creator-about-template = About the template
creator-title = Title
creator-title-rule = { $min } to { $max } characters.
creator-description-hint = Markdown: **bold**, *italic*, lists and links. Shown on the template's page.
creator-description-too-long = The description can be at most { $max } characters.
creator-category = Category
creator-canvas = Canvas size
creator-canvas-hint = Width and height in pixels, or in millimetres with a print resolution (up to { $max }).
creator-canvas-rule = Width and height must be whole numbers from 1 to { $max }.
creator-width = Width
creator-height = Height
creator-unit = Unit
creator-unit-px = Pixels (px)
creator-unit-mm = Millimetres (mm)
creator-dpi = Resolution (dpi)
creator-dpi-rule = For print sizes, a resolution of { $min } to { $max } dpi.
creator-licence-and-price = Licence and price
creator-licence = Licence
creator-price = Price (NT$)
creator-price-hint = Whole New Taiwan dollars, NT${ $min } to NT${ $max }.
creator-price-free-hint = A free licence costs nothing.
creator-price-rule = A paid licence needs a price of NT${ $min } to NT${ $max }, in whole dollars.
creator-editor-url = Online editor link (optional)
creator-editor-url-hint = A link that opens the template in an online editor (https://…), instead of or besides source files. Only those who may download the sources see it.
creator-editor-url-rule = Enter a web address that starts with https:// or http://.
creator-save-draft = Save draft
creator-free = Free
creator-previews = Previews
creator-add-previews = Add previews
creator-previews-hint = JPEG, PNG, WebP or GIF, up to { $size } each; 1 to { $max } previews. The first one is the catalogue's thumbnail. You can choose several at once.
creator-no-previews = No previews yet.
creator-preview-alt = Preview { $n }
creator-thumbnail = Thumbnail
creator-remove-preview-n = Remove preview { $n }
creator-remove = Remove
creator-remove-named = Remove { $name }
creator-source-files = Source files
creator-add-sources = Add source files
creator-sources-hint = SVG, PDF, PNG, JPEG, PSD, AI or ZIP, up to { $size } each. Only licence holders, you and the staff can download them.
creator-no-sources = No source files yet.
creator-preview-wrong-type = This is not a JPEG, PNG, WebP or GIF image.
creator-source-wrong-type = Source files must be SVG, PDF, PNG, JPEG, PSD, AI or ZIP.
creator-file-too-large = This file is larger than { $size }.
creator-too-many-previews = A template has at most { $max } previews. Remove one to add another.
creator-upload-waiting = Waiting for the files before it…
creator-upload-sending = Uploading…
creator-upload-processing = Uploaded. Checking the file…
creator-upload-done = Uploaded.
creator-upload-progress-of = Upload progress of { $name }
creator-dismiss = Dismiss
creator-dismiss-named = Dismiss { $name }
creator-status-draft = Draft
creator-status-in-review = In review
creator-status-published = Published
creator-status-rejected = Rejected
creator-status-unlisted = Unlisted
creator-draft-note = Only you and the staff can see it.
creator-in-review-note = The staff are reviewing it; their decision will show here.
creator-published-note = It is in the catalogue.
creator-rejected-note = The staff did not approve it. Change what they asked for and submit it again.
creator-unlisted-note = It is out of the catalogue. Its link still works, and so do the licences already granted.
creator-review-reason = Reason given by the staff: { $reason }
creator-before-submitting = Before you can submit it for review:
creator-needs-preview = Add at least one preview.
creator-needs-source = Add a source file or an online editor link.
creator-submit-for-review = Submit for review
creator-submitted = Submitted for review.
creator-unlist = Unlist
creator-unlisted = The template is no longer listed in the catalogue.
creator-relist = List again
creator-relisted = The template is listed in the catalogue again.
creator-view-page = View its page
creator-delete = Delete template
creator-confirm-delete = Delete this template with its previews and source files? This cannot be undone.
creator-dashboard = Views, downloads, uses and sales
creator-period = Period
creator-last-days = Last { $days } days
creator-views = Views
creator-downloads = Downloads
creator-uses = Uses
creator-sales = Sales
creator-revenue = Revenue
creator-per-day = Per day
creator-chart-summary = Per day from { $from } to { $to }: { $views } views, { $downloads } downloads, { $uses } uses and { $sales } sales in all.
creator-day = Day
creator-per-template = Per template
creator-no-stats = Nothing to count yet.
creator-template = Template
creator-creator = Creator
creator-not-a-creator = Verified experts, and members the staff approve as creators, can publish templates.
creator-no-templates = You have not made any templates yet.
creator-create-first = Create your first template
creator-review-title = Template review
creator-review-queue = Waiting for review
creator-queue-empty = No templates are waiting for review.
creator-see-previews = See its previews and details
creator-reject-hint = The creator sees this reason.
creator-reason-required = Please tell the creator why (at least 3 characters).
creator-confirm-reject = Reject with this reason
creator-cancel = Cancel
creator-approved-named = “{ $title }” is published.
creator-rejected-named = “{ $title }” went back to its creator.
creator-by-role = Always, as an expert or staff
creator-toggle-for = Creator: { $handle }
creator-design-on-these = Design on these templates
creator-design-on-these-hint = Start your entry from one of these templates, and say which one you used when you submit it.
creator-attach-hint = Published templates that members can start their entries from, in this order.
creator-none-attached = No templates are attached.
creator-find-templates = Find published templates
creator-search-results = Search results
creator-no-results = No published templates match.
creator-attach = Attach
creator-attached = Attached
creator-attach-named = Attach { $title }
creator-move-up = Move { $title } up
creator-move-down = Move { $title } down
creator-save-templates = Save attached templates
creator-templates-saved = The attached templates have been saved.
creator-made-with-label = Template used (optional)
creator-made-with-hint = If you started from one of this challenge's templates, pick it: the template's page will show your entry.
creator-no-template = None
creator-made-with = Made with { $title }

## The template marketplace: catalogue, template page, checkout, library (fe-market)

market-nav-templates = Templates
market-nav-library = My library
market-title = Templates
market-intro = Packaging dielines, poster layouts, sticker sheets and more, made by Atelier's creators. Start your next design from one.
market-search-label = Search templates
market-search-placeholder = Try “packaging” or “包裝”
market-searching = Searching…
market-results = { $count ->
    [one] 1 template
   *[other] { $count } templates
}
market-results-more = { $count } templates shown; more below
market-template-count = { $count ->
    [one] 1 template
   *[other] { $count } templates
}
market-filters = Filters
market-filters-chosen = Filters ({ $count })
market-clear-filters = Clear filters
market-show-all = Show all templates
market-no-match = No templates match this search.
market-no-templates = There are no templates yet.
market-sort-relevance = Best match
market-sort-popular = Popular
market-sort-newest = Newest
market-sort-price-asc = Price: low to high
market-sort-price-desc = Price: high to low
market-facet-category = Category
market-facet-tag = Tags
market-facet-colour = Colour
market-facet-price = Price
market-facet-licence = Licence
market-facet-more = Show all { $count }
market-facet-fewer = Show fewer
market-facet-creator = Creator
market-free = Free
market-paid = Paid
market-colour-red = Red
market-colour-orange = Orange
market-colour-yellow = Yellow
market-colour-green = Green
market-colour-blue = Blue
market-colour-purple = Purple
market-colour-pink = Pink
market-colour-brown = Brown
market-colour-black = Black
market-colour-white = White
market-colour-grey = Grey
market-status-draft = Draft
market-status-in-review = In review
market-status-published = Published
market-status-rejected = Rejected
market-status-unlisted = Unlisted
market-carousel = carousel
market-previews-of = Previews of { $title }
market-preview-alt = { $title }, preview { $position } of { $total }
market-preview-position = { $position } of { $total }
market-previous-preview = Previous preview
market-next-preview = Next preview
market-show-preview = Show preview { $position }
market-no-preview = No preview yet.
market-licence = Licence
market-may-do = What you may do
market-may-not-do = What you may not do
market-term-personal = Use it in personal projects.
market-term-commercial = Use it in work that is sold or promotes a business.
market-term-no-commercial = Use it in work that is sold or promotes a business.
market-term-designs-any = Make any number of designs with it.
market-term-designs-limited = { $count ->
    [1] Make one finished design with it.
   *[other] Make up to { $count } finished designs with it.
}
market-term-merchandise = Print it in runs or on merchandise for sale.
market-term-no-merchandise = Print it in runs or on merchandise for sale.
market-colours = Colours
market-canvas = Canvas
market-uses = Entries made with it
market-downloads = Downloads
market-description = About this template
market-files = Files
market-no-files = No files yet.
market-files-need-licence = You can download the files once you hold a licence.
market-open-editor = Open in the online editor
market-download = Download
market-download-named = Download { $name }
market-no-download-now = These files cannot be downloaded now.
market-made-with = Made with this template
market-no-entries-yet = No entries made with this template yet.
market-edit = Edit template
market-you-hold-it = You hold a licence for this template.
market-you-may-download = You can download this template's files.
market-to-the-files = Go to the files
market-in-your-library = In your library
market-log-in-to-get = Log in to get this template.
market-log-in-to-buy = Log in to buy this template.
market-get-free = Get it free
market-get-free-hint = It is added to your library and you can download the files at once.
market-how-to-pay = How would you like to pay?
market-method-card = Card
market-method-card-hint = Pay on the payment provider's secure page.
market-method-bank-transfer = Bank transfer
market-method-bank-transfer-hint = You get a reference to quote; the licence arrives when the staff see your transfer.
market-buy-for = Buy for { $price }
market-order-heading = Order
market-order-title = Order #{ $id }
market-order = Order
market-template = Template
market-amount = Amount
market-payment = Payment
market-ordered-on = Ordered
market-paid-on = Paid
market-refunded-on = Refunded
market-order-pending = Waiting for payment
market-order-paid = Paid
market-order-failed = Payment failed
market-order-cancelled = Cancelled
market-order-refunded = Refunded
market-pay-heading = Pay for your order
market-checkout-note = The payment provider's page takes your card details; Atelier never sees them.
market-continue-to-payment = Continue to payment
market-waiting-for-provider = Waiting for the payment provider to confirm your payment.
market-transfer-amount = Transfer { $amount } to Atelier's bank account, quoting the reference below.
market-reference = Reference
market-transfer-instructions = The licence arrives in your library once the staff have matched your transfer by its reference.
market-check-again = Check again
market-cancel-order = Cancel order
market-confirm-cancel = Cancel this order?
market-paid-heading = Thank you
market-paid-note = Your payment has arrived and the licence is yours.
market-refunded-note = This order was refunded: its licence no longer gives downloads.
market-cancelled-note = This order was cancelled.
market-failed-note = The payment did not go through.
market-back-to-template = Back to the template
market-library-title = My library
market-licences = Licences
market-receipts = Receipts
market-no-licences = You hold no template licences yet.
market-browse = Browse templates
market-no-receipts = No orders yet.
market-granted-on = Since:
market-revoked-on = Revoked:
market-revoked-note = A refund ended this licence; its files can no longer be downloaded.
market-show-files = Show the files
licence-free_personal-name = Free, personal use
licence-free_personal-summary = Free to use in your own, non-commercial projects.
licence-free_commercial-name = Free, commercial use
licence-free_commercial-summary = Free to use in any project, commercial ones included.
licence-paid_single_use-name = Single use
licence-paid_single_use-summary = One finished design, personal or commercial.
licence-paid_multi_use-name = Multi-use
licence-paid_multi_use-summary = Any number of designs, personal or commercial.
licence-extended-name = Extended
licence-extended-summary = Any number of designs, including print runs and merchandise for sale.
tpl-category-poster = Poster
tpl-category-social_post = Social post
tpl-category-packaging = Packaging
tpl-category-sticker = Sticker
tpl-category-card = Card
tpl-category-presentation = Presentation
tpl-category-other = Other
## Templates (the marketplace's core): audit log texts
audit-template-approve = Approved a template
audit-template-reject = Rejected a template
audit-user-creator-approve = Approved a template creator
audit-user-creator-revoke = Withdrew a template creator's approval
audit-challenge-templates = Changed a challenge's templates
audit-subject-template = Template
## orders: audit log texts for orders
audit-order-mark-paid = Marked a bank transfer paid
audit-order-refund = Refunded an order
audit-subject-order = Order
## finui: a creator's earnings, payout settings, statements and tax summary
earn-nav = Earnings
earn-title = Earnings
earn-nav-label = Earnings pages
earn-nav-summary = Summary
earn-nav-payout = Payout settings
earn-nav-statements = Statements
earn-figures = Your balance
earn-available = Available
earn-available-note = What the next payout can pay.
earn-balance = Balance
earn-pending-payouts = Held by payouts
earn-lifetime = Earned in total
earn-none = You have no earnings yet. When someone buys one of your templates, your share appears here.
earn-next-payout = Next payout: { $month }
earn-eligible = You will be paid in the next payout run.
earn-gross = Gross
earn-tax = Tax withheld
earn-net = Net
earn-threshold = Your threshold
earn-reason-no-settings = You will not be paid until you tell us how: add your payout details.
earn-reason-below-threshold = Your available balance is below your payout threshold.
earn-open-settings = Open the payout settings
earn-by-month = By month
earn-by-month-caption = Earnings of the last 12 months, by source
earn-by-source = By source
earn-no-sources = Nothing earned from any source yet.
earn-legend = Sources
earn-month = Month
earn-total = Total
earn-source = Source
earn-amount = Amount
earn-date = Date
earn-description = What for
earn-held = Held by a payout
earn-latest = Latest lines
earn-no-lines = No lines yet.
earn-load-more = Load more
earn-source-templates = Templates
earn-source-royalties = Royalties
earn-source-prizes = Prizes
earn-source-workshops = Workshops
earn-source-reposts = Reposts
earn-kind-template-sale = Template sale
earn-kind-template-refund = Template refund
earn-kind-royalty = Royalty
earn-kind-royalty-reversal = Royalty corrected
earn-kind-prize = Prize
earn-kind-workshop = Workshop
earn-kind-workshop-refund = Workshop refund
earn-kind-repost = Repost
earn-kind-payout = Payout
earn-kind-payout-posted = Payout paid
earn-kind-payout-voided = Payout failed
earn-kind-reversal = Reversal
payout-settings-title = Payout settings
payout-saved = Saved settings
payout-none-yet = You have not saved payout settings yet.
payout-set-up = Set up payouts
payout-change = Change your payout settings
payout-method = Payout method
payout-method-bank-transfer = Bank transfer
payout-method-paypal = PayPal
payout-details = Payout details
payout-details-hint = Stored encrypted; we only ever show them back masked. Enter them in full each time you save.
payout-account-name = Account holder's name
payout-bank-code = Bank code
payout-bank-code-hint = 3 digits.
payout-branch-code = Branch code
payout-branch-code-hint = 4 digits.
payout-account-number = Account number
payout-account-number-hint = 10 to 16 digits.
payout-email = PayPal email
payout-account = Account
payout-residency = Tax residency
payout-residency-hint = It decides how much tax is withheld from your payouts.
payout-residency-tw = Resident in Taiwan
payout-residency-foreign = Not resident in Taiwan
payout-threshold = Payout threshold
payout-threshold-hint = You are paid once your available balance reaches it: between { $min } and { $max }.
payout-threshold-invalid = Enter an amount such as 500 or 1500.50.
payout-updated = Updated
payout-save = Save payout settings
payout-saved-note = Your payout settings have been saved.
payout-mine = My payouts
payout-no-payouts = No payouts yet.
payout-for = Payout for { $month }
payout-history = History
payout-reference = reference { $reference }
payout-reason = reason: { $reason }
payout-status-pending = Pending
payout-status-approved = Approved
payout-status-paid = Paid
payout-status-failed = Failed
statements-title = Statements
statements-monthly = Monthly statements
statements-none = No statements yet: they start with the month of your first earning.
statement-title = Statement
statement-of = Statement for { $month }
statement-generated = Generated:
statement-summary = Summary
statement-opening = Opening balance
statement-earnings = Earnings
statement-withholding = Tax withheld
statement-payouts = Paid out
statement-closing = Closing balance
statement-lines = Lines
statement-no-lines = Nothing happened this month.
statement-files = Files
statement-csv = Download CSV
statement-pdf = Download PDF
statement-download-csv = Download the CSV of { $month }
statement-download-pdf = Download the PDF of { $month }
tax-title = Yearly tax summary
tax-hint = Your earnings, payouts and tax withheld over a calendar year.
tax-year = Year
tax-view = View
tax-of = Tax summary for { $year }
tax-totals = Totals
tax-gross-payouts = Paid out (gross)
tax-net-payouts = Paid out (net)
tax-no-residency = Not set
tax-by-month-caption = Earnings by month and source
tax-download-pdf = Download the tax summary of { $year } as PDF
## finui: the finance staff's pages
fin-nav = Finance
fin-title = Finance
fin-only = Only finance staff can see this page.
fin-nav-label = Finance pages
fin-nav-overview = Overview
fin-nav-payouts = Payouts
fin-nav-products = Products
fin-nav-sales = Sales import
fin-figures = Figures
fin-platform-revenue = Platform revenue
fin-liabilities = Owed to creators
fin-tax-withheld = Tax withheld
fin-royalties = Royalties
fin-prizes = Prizes
fin-queue-count =
    { $count ->
        [one] { $count } payout waits for approval or payment
       *[other] { $count } payouts wait for approval or payment
    }
fin-sales-by-month = Sales by month
fin-sales-caption = Creators' earnings by month and source
fin-no-sales = No sales yet.
fin-accounts = Account balances
fin-accounts-hint = Debits are positive, credits negative; the lines of all accounts add up to zero.
fin-account = Account
fin-currency = Currency
fin-posted = Posted
fin-held = Held
fin-account-payment-clearing = Payment clearing
fin-account-platform-revenue = Platform revenue
fin-account-creator-payable = Owed to creator
fin-account-payout-clearing = Payout clearing
fin-account-tax-withheld = Tax withheld
fin-account-brand-receivable = Brand receivable
fin-account-prize-pool = Prize pool
fin-account-bank = Bank
fin-reconciliation = Reconciliation
fin-check-again = Check again
fin-balanced = The ledger balances: every check passed.
fin-not-balanced = The ledger does not balance: see the failed checks.
fin-recon-counts = { $transfers } transfers, { $lines } lines
fin-recon-totals = Sum of lines:
fin-check-ok = OK
fin-check-failed = Failed
fin-check-lines-sum-to-zero = Lines sum to zero
fin-check-transfers-balanced = Every transfer balances
fin-check-orders-posted = Every paid order is posted
fin-check-refunds-posted = Every refund is posted
fin-check-payouts-match = Payouts match their transfers
fin-check-no-negative-creator-balance = No creator owes the platform
fin-check-pending-resolved-once = Every pending transfer is settled at most once
fin-check-reversals-negate = Every reversal undoes exactly what it reverses
fin-creators = Creators
fin-no-creators = No creator has earned anything yet.
fin-creator = Creator
fin-statement-pdf = { $month } PDF
fin-statement-pdf-of = Download the statement of { $month } for { $handle }
fin-creator-title = Creator's earnings
fin-no-such-creator = No such creator.
fin-template-agreement = Template agreement
fin-template-agreement-hint = A template's revenue share: the default (the creators' standard share) until you set one.
fin-template-id = Template id
fin-template-link = Template #{ $id }
fin-no-such-template = No such template.
fin-open = Open
fin-payouts-title = Payouts
fin-run-title = Run payouts
fin-run-hint = Pays what each creator earned up to the end of the month (Taiwan time), or until now for the current month. A month has one run: running it again shows that run.
fin-period = Period
fin-run = Run payouts
fin-run-created = Payout run for { $month } created.
fin-run-repeat = The payout run for { $month } already existed: nothing new was created.
fin-run-payouts =
    { $count ->
        [one] { $count } payout
       *[other] { $count } payouts
    }
fin-run-skipped =
    { $count ->
        [one] { $count } creator skipped
       *[other] { $count } creators skipped
    }
fin-run-payout-line = { $gross } gross, { $net } net
fin-queue = Queue
fin-all-statuses = All
fin-queue-empty = No payouts match.
fin-actions = Actions
fin-approve = Approve
fin-approve-for = Approve the payout to { $handle }
fin-approved = Payout to { $handle } approved.
fin-mark-paid = Mark paid
fin-mark-paid-for = Mark the payout to { $handle } paid
fin-mark-failed = Mark failed
fin-mark-failed-for = Mark the payout to { $handle } failed
fin-marked-paid = Payout to { $handle } marked paid.
fin-marked-failed = Payout to { $handle } marked failed; the money is back in their balance.
fin-bank-reference = Bank or PayPal reference
fin-dialog-amount = { $net } for { $month }
fin-cancel = Cancel
fin-products-title = Products
fin-products = Products
fin-no-products = No products yet.
fin-product-title = Product
fin-product-name = Name
fin-product-name-zh = Name in Traditional Chinese
fin-code = Code
fin-code-hint = What the sales file calls it: letters, digits and hyphens.
fin-challenge-id = Challenge id
fin-submission-id = Entry id
fin-created = Created
fin-new-product = New product
fin-create-product = Create product
fin-id-invalid = An id must be a whole number.
fin-import-sales-link = Import sales
fin-agreement = Revenue agreement
fin-current-agreement = Agreement in force
fin-no-agreement = No agreement yet.
fin-default-agreement = The default agreement: no agreement of its own has been set.
fin-new-agreement = New agreement
fin-new-agreement-hint = It replaces the current one from its start date (today when left empty).
fin-share = Creators' share (%)
fin-share-hint = Of the price (templates) or of net sales (products), up to two decimals.
fin-starts = Starts
fin-starts-hint = Empty: today.
fin-ends = Ends
fin-ends-hint = Empty: no end.
fin-term = Term
fin-open-ended = open-ended
fin-parties = Co-creators
fin-parties-hint = A user id or @handle each, with a weight: the share is split by weight.
fin-party-who = Co-creator { $n }: user id or @handle
fin-party-weight = Weight of co-creator { $n }
fin-party-remove = Remove co-creator { $n }
fin-party-add = Add a co-creator
fin-remove = Remove
fin-weight-of = weight { $weight }
fin-save-agreement = Save agreement
fin-agreement-saved = The agreement has been saved.
fin-share-invalid = The share must be a percentage from 0 to 100, with at most two decimals.
fin-date-invalid = Enter the dates as dates.
fin-term-invalid = The agreement must end after it starts.
fin-parties-needed = Name at least one co-creator.
fin-weight-invalid = A weight must be a whole number above zero.
fin-unknown-handle = No user has the handle @{ $handle }.
fin-sales-title = Sales import
fin-sales-format = One line per product and month, after this header line (net sales in dollars, such as 12345.50):
fin-sales-file = Choose a CSV file
fin-sales-paste = Or paste the lines
fin-sales-import = Import sales
fin-sales-recorded = Sales recorded
fin-sales-lines =
    { $count ->
        [one] { $count } line recorded.
       *[other] { $count } lines recorded.
    }
fin-sales-rejected = Nothing was recorded
fin-sales-bad-count =
    { $count ->
        [one] { $count } line needs fixing; nothing of the file was recorded.
       *[other] { $count } lines need fixing; nothing of the file was recorded.
    }
fin-line = Line
fin-line-n = Line { $n }
fin-field = Column
fin-problem = Problem
fin-outcome = Outcome
fin-revision = Revision
fin-outcome-posted = Posted
fin-outcome-unchanged = Unchanged
fin-outcome-corrected = Corrected
fin-line-unknown-product = No product has this code.
fin-line-invalid-period = The period must be a month such as 2026-11.
fin-line-invalid-amount = The amount is not a valid number.
fin-line-currency-mismatch = The currency is not the product's.
fin-line-duplicate = This product and month appear twice in the file.
fin-line-missing-field = A value is missing.
fin-line-outside-term = The month is outside the product's agreement.
fin-line-no-agreement = The product has no royalty agreement.
fin-line-extra-field = The line has more columns than the header.
## finui: challenge prizes
prize-title = Prize money
prize-hint = The amount for each place, paid into the winners' earnings when you confirm the winners on the results page. Leave a place empty for no prize.
prize-add-place = Add a place
prize-remove-place = Remove the last place
prize-save = Save prizes
prize-saved = The prizes have been saved.
prize-amount-invalid = Enter each amount as a number, such as 5000 or 1500.50.
prize-confirmed-on = Winners confirmed and prizes paid:
prize-awards = Prizes awarded
prize-entry = the entry
prize-confirm-title = Prizes
prize-confirm-hint = Confirming fixes the winners and pays each place's prize into its winner's earnings. It cannot be undone.
prize-confirm-button = Confirm winners and pay prizes
prize-confirm-ask = Confirm these winners and pay the prizes? The winners can no longer be changed.
prize-confirmed-note = The winners are confirmed and their prizes paid.
prize-none = This challenge has no prize money.
## revenue: audit log texts for agreements, products, sales imports and prizes
audit-agreement-template = Set a template's revenue agreement
audit-agreement-product = Set a product's royalty agreement
audit-product-create = Created a product
audit-product-sales-import = Imported product sales
audit-product-sales-import-csv = Imported product sales from a CSV file
audit-challenge-prizes = Set a challenge's prizes
audit-challenge-confirm-winners = Confirmed the winners and paid their prizes
audit-subject-product = Product
audit-subject-product-sales-import = Sales import
audit-payout-run = Ran the payouts of a month
audit-payout-approve = Approved a payout
audit-payout-paid = Marked a payout paid
audit-payout-failed = Marked a payout failed
audit-user-finance-grant = Granted the finance permission
audit-user-finance-revoke = Withdrew the finance permission
audit-subject-payout = Payout
audit-subject-payout-run = Payout run
