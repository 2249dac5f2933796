//! The logged-in user's own profile: view it, edit display name and bio, upload an avatar.

use atelier_api::UpdateProfileRequest;
use atelier_api::rules::{BIO_MAX_CHARS, DISPLAY_NAME_MAX_CHARS};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::api::{self, ApiError};
use crate::browser;
use crate::components::{
    Avatar, ErrorBox, Field, FormErrors, LocalDate, RequireUser, StatusMessage, local_error,
    role_key,
};
use crate::i18n::{Key, use_i18n, use_title};
use crate::session::use_session;

/// The server's limit for avatars.
pub const MAX_AVATAR_BYTES: f64 = 5.0 * 1024.0 * 1024.0;
pub const AVATAR_TYPES: [&str; 4] = ["image/png", "image/jpeg", "image/webp", "image/gif"];

/// Checks a picked file before uploading, so the user hears about it at once.
pub fn check_avatar(mime: &str, bytes: f64) -> Result<(), Key> {
    if !AVATAR_TYPES.contains(&mime) {
        Err(Key::AvatarWrongType)
    } else if bytes > MAX_AVATAR_BYTES {
        Err(Key::AvatarTooLarge)
    } else {
        Ok(())
    }
}

#[component]
pub fn MyProfilePage() -> impl IntoView {
    use_title(Key::NavMyProfile);
    view! {
        <RequireUser>
            <MyProfile />
        </RequireUser>
    }
}

#[component]
fn MyProfile() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let user = session.user_memo();

    let (initial_name, initial_bio) = user
        .get_untracked()
        .map(|u| (u.display_name, u.bio))
        .unwrap_or_default();
    let display_name = RwSignal::new(initial_name.clone());
    let bio = RwSignal::new(initial_bio.clone());

    // Another device may have changed the profile since this session began.
    spawn_local(async move {
        if let Ok(me) = api::me(session).await {
            if display_name.get_untracked() == initial_name {
                display_name.set(me.display_name.clone());
            }
            if bio.get_untracked() == initial_bio {
                bio.set(me.bio.clone());
            }
            session.set_user(me);
        }
    });

    let errors = FormErrors::new(&["display_name", "bio"]);
    let save = Action::new_local(move |req: &UpdateProfileRequest| {
        let req = req.clone();
        async move {
            let me = api::update_me(session, &req).await;
            me.map(|me| session.set_user(me))
                .inspect_err(|error| errors.set(Some(error.clone())))
        }
    });
    let bio_count = Signal::derive(move || bio.with(|b| b.trim().chars().count()));
    let saving = save.pending();

    view! {
        <h1>{i18n.tr(Key::NavMyProfile)}</h1>
        {move || {
            user.get()
                .map(|me| {
                    let public_href = format!("/u/{}", me.handle);
                    view! {
                        <section class="profile-summary card">
                            <Avatar url=me.avatar_url.clone() name=me.display_name.clone() size="lg" />
                            <div class="profile-facts">
                                <p class="display-name">{me.display_name.clone()}</p>
                                <p class="handle">{format!("@{}", me.handle)}</p>
                                {me
                                    .expert_field
                                    .clone()
                                    .map(|field| {
                                        view! {
                                            <p class="badge expert-badge">
                                                {i18n.tr(Key::ExpertBadge)} " · " {field}
                                            </p>
                                        }
                                    })}
                                <dl class="facts">
                                    <div>
                                        <dt>{i18n.tr(Key::Email)}</dt>
                                        <dd><span class="email">{me.email.clone()}</span></dd>
                                    </div>
                                    <div>
                                        <dt>{i18n.tr(Key::Role)}</dt>
                                        <dd>{i18n.tr(role_key(me.role))}</dd>
                                    </div>
                                    <div>
                                        <dt>{i18n.tr(Key::Joined)}</dt>
                                        <dd><LocalDate at=me.created_at /></dd>
                                    </div>
                                </dl>
                                <p><A href=public_href>{i18n.tr(Key::ViewPublicProfile)}</A></p>
                            </div>
                        </section>
                    }
                })
        }}
        <div class="two-columns">
            <section class="card" aria-labelledby="edit-heading">
                <h2 id="edit-heading">{i18n.tr(Key::EditProfile)}</h2>
                <form
                    class="form"
                    on:submit=move |ev| {
                        ev.prevent_default();
                        errors.clear();
                        save.value().set(None);
                        if bio_count.get_untracked() > BIO_MAX_CHARS {
                            errors.set(Some(local_error(
                                "invalid_bio",
                                Some("too-long"),
                                &[("max", BIO_MAX_CHARS as i64)],
                            )));
                            return;
                        }
                        save.dispatch(UpdateProfileRequest {
                            display_name: Some(display_name.get_untracked().trim().to_owned()),
                            bio: Some(bio.get_untracked()),
                        });
                    }
                >
                    <Field
                        id="profile-name"
                        label=Key::DisplayName
                        error=errors.field("display_name")
                        hint=Signal::derive(move || {
                            i18n.fmt_args(Key::DisplayNameRule, &[("max", DISPLAY_NAME_MAX_CHARS.into())])
                        })
                    >
                        <input id="profile-name" type="text" autocomplete="name" required bind:value=display_name />
                    </Field>
                    <Field
                        id="profile-bio"
                        label=Key::Bio
                        error=errors.field("bio")
                        hint=Signal::derive(move || {
                            i18n.fmt_args(Key::BioRule, &[("max", BIO_MAX_CHARS.into())])
                        })
                        count=bio_count
                        max=BIO_MAX_CHARS
                    >
                        <textarea id="profile-bio" rows="5" bind:value=bio></textarea>
                    </Field>
                    {move || match save.value().get() {
                        Some(Ok(())) => view! { <StatusMessage text=Signal::derive(move || i18n.t(Key::ProfileSaved).to_owned()) /> }.into_any(),
                        _ => errors.general().map(|error| view! { <ErrorBox error /> }).into_any(),
                    }}
                    <button type="submit" class="button" disabled=saving>
                        {move || if saving.get() { i18n.t(Key::Saving) } else { i18n.t(Key::Save) }}
                    </button>
                </form>
            </section>
            <AvatarUpload />
        </div>
    }
}

#[component]
fn AvatarUpload() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let file = RwSignal::new_local(None::<web_sys::File>);
    let preview = RwSignal::new(None::<String>);
    let problem = RwSignal::new(None::<Key>);

    let clear_preview = move || {
        if let Some(url) = preview.get_untracked() {
            browser::revoke_object_url(&url);
        }
        preview.set(None);
    };
    on_cleanup(move || {
        if let Some(url) = preview.get_untracked() {
            browser::revoke_object_url(&url);
        }
    });

    let upload = Action::new_local(move |_: &()| {
        let picked = file.get_untracked();
        async move {
            let Some(picked) = picked else {
                return Ok(());
            };
            let me = api::upload_avatar(session, picked).await?;
            session.set_user(me);
            file.set(None);
            clear_preview();
            Ok::<(), ApiError>(())
        }
    });
    let uploading = upload.pending();

    let on_pick = move |ev: leptos::ev::Event| {
        clear_preview();
        file.set(None);
        problem.set(None);
        upload.value().set(None);
        let Some(picked) = browser::picked_file(&ev) else {
            return;
        };
        match check_avatar(&picked.type_(), picked.size()) {
            Ok(()) => {
                preview.set(browser::object_url(&picked));
                file.set(Some(picked));
            }
            Err(key) => problem.set(Some(key)),
        }
    };

    view! {
        <section class="card" aria-labelledby="avatar-heading">
            <h2 id="avatar-heading">{i18n.tr(Key::Avatar)}</h2>
            <form
                class="form"
                on:submit=move |ev| {
                    ev.prevent_default();
                    upload.dispatch_local(());
                }
            >
                <div class="field">
                    <label for="avatar-file">{i18n.tr(Key::AvatarChoose)}</label>
                    <input id="avatar-file" type="file" accept=AVATAR_TYPES.join(",") on:change=on_pick />
                </div>
                {move || {
                    preview
                        .get()
                        .map(|src| {
                            view! {
                                <img class="avatar avatar-lg avatar-preview" src=src alt=i18n.tr(Key::AvatarPreview) />
                            }
                        })
                }}
                {move || problem.get().map(|key| view! { <p class="field-error" role="alert">{i18n.tr(key)}</p> })}
                {move || match upload.value().get() {
                    Some(Ok(())) => view! { <StatusMessage text=Signal::derive(move || i18n.t(Key::AvatarUploaded).to_owned()) /> }.into_any(),
                    Some(Err(error)) => view! { <ErrorBox error /> }.into_any(),
                    None => ().into_any(),
                }}
                <button
                    type="submit"
                    class="button"
                    disabled=move || uploading.get() || file.with(Option::is_none)
                >
                    {move || if uploading.get() { i18n.t(Key::Uploading) } else { i18n.t(Key::AvatarUpload) }}
                </button>
            </form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn avatars_must_be_small_images() {
        assert_eq!(check_avatar("image/png", 1024.0), Ok(()));
        assert_eq!(check_avatar("image/webp", MAX_AVATAR_BYTES), Ok(()));
        assert_eq!(
            check_avatar("image/gif", MAX_AVATAR_BYTES + 1.0),
            Err(Key::AvatarTooLarge)
        );
        assert_eq!(
            check_avatar("image/svg+xml", 10.0),
            Err(Key::AvatarWrongType)
        );
        assert_eq!(check_avatar("", 10.0), Err(Key::AvatarWrongType));
    }
}
