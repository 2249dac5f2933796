use super::errors::{self, CODES};
use super::ui::{Key, format, text};
use super::{Arg, Locale};

/// `{$name}` markers Fluent leaves for variables that got no value, sorted.
fn missing_variables(s: &str) -> Vec<String> {
    let mut names: Vec<String> = s
        .split("{$")
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_owned()))
        .collect();
    names.sort();
    names
}

fn count(locale: Locale, key: Key, n: u64) -> String {
    format(locale, key, &[("count", n.into())])
}

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
    for &key in Key::ALL {
        assert_eq!(
            missing_variables(text(Locale::En, key)),
            missing_variables(text(Locale::ZhTw, key)),
            "{key:?}"
        );
    }
}

#[test]
fn keys_are_the_message_ids_in_camel_case() {
    assert_eq!(Key::NavChallenges.id(), "nav-challenges");
    assert_eq!(text(Locale::En, Key::NavChallenges), "Challenges");
    assert_eq!(text(Locale::ZhTw, Key::NavChallenges), "挑戰");
    for (i, &key) in Key::ALL.iter().enumerate() {
        assert_eq!(key as usize, i, "{key:?}");
    }
}

#[test]
fn placeholders_are_filled() {
    assert_eq!(
        format(
            Locale::En,
            Key::RoleChanged,
            &[("handle", "@mei".into()), ("role", "Staff".into())]
        ),
        "@mei is now: Staff."
    );
    assert_eq!(
        format(
            Locale::ZhTw,
            Key::RoleChanged,
            &[("handle", "@mei".into()), ("role", "工作人員".into())]
        ),
        "@mei 的身分已變更為：工作人員。"
    );
}

#[test]
fn counts_take_the_plural_form_of_the_locale() {
    assert_eq!(count(Locale::En, Key::VoteCount, 1), "1 vote");
    assert_eq!(count(Locale::En, Key::VoteCount, 0), "0 votes");
    assert_eq!(count(Locale::En, Key::VoteCount, 3), "3 votes");
    assert_eq!(count(Locale::ZhTw, Key::VoteCount, 1), "1 票");
    assert_eq!(count(Locale::ZhTw, Key::VoteCount, 3), "3 票");
    assert_eq!(count(Locale::En, Key::StarCount, 1), "1 star");
    assert_eq!(count(Locale::En, Key::StarCount, 5), "5 stars");
    assert_eq!(count(Locale::ZhTw, Key::StarCount, 5), "5 顆星");
    assert_eq!(count(Locale::En, Key::BallotCount, 1), "1 ballot");
    assert_eq!(count(Locale::En, Key::BallotCount, 12), "12 ballots");
    assert_eq!(count(Locale::ZhTw, Key::BallotCount, 12), "12 張選票");
    assert_eq!(count(Locale::En, Key::StatMembers, 1), "member");
    assert_eq!(count(Locale::En, Key::StatMembers, 2), "members");
    assert_eq!(count(Locale::ZhTw, Key::StatMembers, 2), "位成員");
    assert_eq!(count(Locale::En, Key::StatChallenges, 1), "challenge");
    assert_eq!(count(Locale::En, Key::StatChallenges, 7), "challenges");
    let caption = |locale, active: u64, exhausted: u64| {
        format(
            locale,
            Key::RoundCaption,
            &[("active", active.into()), ("exhausted", exhausted.into())],
        )
    };
    assert_eq!(
        caption(Locale::En, 1, 0),
        "1 ballot counted, 0 exhausted (no option left on them)."
    );
    assert_eq!(
        caption(Locale::En, 4, 2),
        "4 ballots counted, 2 exhausted (no option left on them)."
    );
    assert_eq!(
        caption(Locale::ZhTw, 4, 2),
        "計入 4 張選票，2 張已用盡（已無可計的選項）。"
    );
}

#[test]
fn places_read_as_ordinals() {
    let place = |locale, n: i32| format(locale, Key::Place, &[("place", n.into())]);
    let en: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 101]
        .into_iter()
        .map(|n| place(Locale::En, n))
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
    assert_eq!(place(Locale::ZhTw, 2), "第 2 名");
}

#[test]
fn numbers_and_text_are_different_arguments() {
    // A string "1" is text: it never selects the `[one]` form.
    assert_eq!(
        format(Locale::En, Key::VoteCount, &[("count", Arg::from("1"))]),
        "1 votes"
    );
    assert_eq!(
        format(Locale::En, Key::VoteCount, &[("count", 1_u8.into())]),
        "1 vote"
    );
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
fn every_error_code_has_a_plain_message_in_every_locale() {
    assert!(CODES.len() > 50, "{}", CODES.len());
    assert!(CODES.windows(2).all(|w| w[0] < w[1]), "CODES is sorted");
    for code in CODES {
        for locale in Locale::ALL {
            let m = errors::message(locale, code).unwrap_or_default();
            assert!(!m.trim().is_empty(), "{code} has no {locale:?} message");
            assert!(!m.contains('{'), "{code}: {m}");
        }
    }
    assert_eq!(errors::message(Locale::En, "no_such_code"), None);
    assert_eq!(
        errors::message(Locale::En, "invalid_credentials"),
        Some("Wrong email or password.")
    );
    assert_eq!(
        errors::message(Locale::ZhTw, "invalid_credentials"),
        Some("電子郵件或密碼不正確。")
    );
}

#[test]
fn error_details_fill_the_variant_in_both_locales() {
    let limit = |locale, n: u32| {
        errors::render(
            locale,
            "entry_limit_reached",
            Some("limit"),
            &[("limit", n.into())],
        )
    };
    assert_eq!(
        limit(Locale::En, 1).as_deref(),
        Some("This challenge accepts one entry per member.")
    );
    assert_eq!(
        limit(Locale::En, 3).as_deref(),
        Some("This challenge accepts 3 entries per member.")
    );
    assert_eq!(
        limit(Locale::ZhTw, 3).as_deref(),
        Some("此挑戰每人最多投稿 3 件作品。")
    );
    let retry = |locale, s: u64| {
        errors::render(
            locale,
            "rate_limited",
            Some("retry"),
            &[("seconds", s.into())],
        )
    };
    assert_eq!(
        retry(Locale::En, 1).as_deref(),
        Some("Too many attempts. Please try again in one second.")
    );
    assert_eq!(
        retry(Locale::En, 30).as_deref(),
        Some("Too many attempts. Please try again in 30 seconds.")
    );
    assert_eq!(
        retry(Locale::ZhTw, 30).as_deref(),
        Some("嘗試次數過多，請於 30 秒後再試。")
    );
    // An unknown variant falls back to the general message.
    assert_eq!(
        errors::render(Locale::ZhTw, "rate_limited", Some("nope"), &[]).as_deref(),
        Some("嘗試次數過多，請稍候再試。")
    );
    assert!(errors::has_variant("account_too_new", "hours"));
    assert!(!errors::has_variant("account_too_new", "nope"));
    assert_eq!(errors::render(Locale::En, "no_such_code", None, &[]), None);
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9fff}' | '\u{3000}'..='\u{303f}' | '\u{ff00}'..='\u{ffef}')
}

/// zh-TW punctuation: a full-width colon has no space on either side, and a colon
/// after Chinese text is the full-width one.
fn colon_problems(s: &str) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    let mut found = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        let before = i.checked_sub(1).map(|j| chars[j]);
        let after = chars.get(i + 1).copied();
        if c == '：' && (before == Some(' ') || after == Some(' ')) {
            found.push(format!("space beside ： in {s:?}"));
        }
        if c == ':' && before.is_some_and(is_cjk) {
            found.push(format!("ASCII ':' after Chinese text in {s:?}"));
        }
    }
    found
}

#[test]
fn zh_tw_colons_are_full_width_without_spaces() {
    let mut problems = Vec::new();
    for &key in Key::ALL {
        problems.extend(colon_problems(text(Locale::ZhTw, key)));
    }
    for code in CODES {
        if let Some(message) = errors::message(Locale::ZhTw, code) {
            problems.extend(colon_problems(message));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(!colon_problems("作者： 林").is_empty());
    assert!(!colon_problems("作者:林").is_empty());
}

/// Labels end in a colon in both languages or in neither, so the web app can put
/// the space an English label needs after it (`I18n::label`) and none after zh-TW's.
#[test]
fn labels_end_in_a_colon_in_both_languages_or_in_neither() {
    let mismatched: Vec<String> = Key::ALL
        .iter()
        .filter(|&&key| {
            text(Locale::En, key).ends_with(':') != text(Locale::ZhTw, key).ends_with('：')
        })
        .map(|&key| {
            format!(
                "{key:?}: {:?} / {:?}",
                text(Locale::En, key),
                text(Locale::ZhTw, key)
            )
        })
        .collect();
    assert!(mismatched.is_empty(), "{}", mismatched.join("\n"));
}
