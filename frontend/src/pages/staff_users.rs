//! Staff user administration: search users and change their role.

use atelier_api::{ChangeRoleRequest, Role, UserAdminView, grantable_roles};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{self, ApiError};
use crate::components::{
    EmptyMessage, ErrorBox, Loading, LocalDate, RequireUser, StatusMessage, role_key,
};
use crate::i18n::{Key, use_i18n, use_title};
use crate::pages::staff_templates::CreatorToggle;
use crate::session::use_session;

#[component]
pub fn StaffUsersPage() -> impl IntoView {
    use_title(Key::UsersTitle);
    view! {
        <RequireUser staff=true>
            <UserAdmin />
        </RequireUser>
    }
}

#[component]
fn UserAdmin() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let query = RwSignal::new(String::new());
    let searched = RwSignal::new(String::new());
    let users = LocalResource::new(move || {
        let q = searched.get();
        async move { api::search_users(session, &q).await }
    });
    let changed = RwSignal::new(None::<(String, Role)>);
    let on_changed = Callback::new(move |change: (String, Role)| changed.set(Some(change)));

    view! {
        <h1>{i18n.tr(Key::UsersTitle)}</h1>
        <form
            class="search-form"
            role="search"
            on:submit=move |ev| {
                ev.prevent_default();
                searched.set(query.get_untracked().trim().to_owned());
            }
        >
            <label for="user-search">{i18n.tr(Key::SearchUsers)}</label>
            <div class="inline">
                <input id="user-search" type="search" bind:value=query />
                <button type="submit" class="button">{i18n.tr(Key::Search)}</button>
            </div>
        </form>
        {move || {
            changed
                .get()
                .map(|(handle, role)| {
                    view! {
                        <StatusMessage text=Signal::derive(move || {
                            i18n.fmt(
                                Key::RoleChanged,
                                &[("handle", &format!("@{handle}")), ("role", i18n.t(role_key(role)))],
                            )
                        }) />
                    }
                })
        }}
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match users.await {
                    Ok(list) if list.items.is_empty() => {
                        view! { <EmptyMessage text=Key::NoUsers /> }.into_any()
                    }
                    Ok(list) => view! {
                        <div class="table-wrap">
                            <table class="table stack users-table">
                                <thead>
                                    <tr>
                                        <th scope="col">{i18n.tr(Key::Handle)}</th>
                                        <th scope="col">{i18n.tr(Key::Name)}</th>
                                        <th scope="col">{i18n.tr(Key::Email)}</th>
                                        <th scope="col">{i18n.tr(Key::Joined)}</th>
                                        <th scope="col">{i18n.tr(Key::Role)}</th>
                                        <th scope="col">{i18n.tr(Key::CreatorCreator)}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {list.items.into_iter().map(|user| view! { <UserRow user on_changed /> }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }
                    .into_any(),
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn UserRow(user: UserAdminView, on_changed: Callback<(String, Role)>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let id = user.id;
    let handle = user.handle.clone();
    let current = RwSignal::new(user.role);
    let chosen = RwSignal::new(user.role);
    let field = RwSignal::new(String::new());
    // Only the roles this staff member may grant (the server refuses others);
    // a user whose role they may not change shows it as text.
    let actor = session
        .user_memo()
        .with_untracked(|u| u.as_ref().map(|u| u.role))
        .unwrap_or(Role::Member);
    let grantable = grantable_roles(actor);
    let changeable = move || grantable.contains(&current.get());

    let change = Action::new_local(move |role: &Role| {
        let role = *role;
        let handle = handle.clone();
        let field = Some(field.get_untracked().trim().to_owned()).filter(|f| !f.is_empty());
        async move {
            let req = ChangeRoleRequest { role, field };
            let updated = api::change_role(session, id, &req).await?;
            current.set(updated.role);
            chosen.set(updated.role);
            on_changed.run((handle, updated.role));
            Ok::<(), ApiError>(())
        }
    });
    let changing = change.pending();
    let select_id = format!("role-{id}");
    let field_id = format!("role-field-{id}");
    let label_handle = format!("@{}", user.handle);
    let creator_handle = user.handle.clone();
    let creator_approved = user.creator;
    let field_handle = label_handle.clone();

    view! {
        <tr>
            <th scope="row"><A href=format!("/u/{}", user.handle)>{format!("@{}", user.handle)}</A></th>
            <td data-label=i18n.tr(Key::Name)>{user.display_name.clone()}</td>
            <td data-label=i18n.tr(Key::Email)><span class="email">{user.email.clone()}</span></td>
            <td data-label=i18n.tr(Key::Joined)><LocalDate at=user.created_at /></td>
            <td data-label=i18n.tr(Key::Role)>
                <Show
                    when=changeable
                    fallback=move || view! {
                        <span>{move || i18n.t(role_key(current.get()))}</span>
                        <p class="hint">{i18n.tr(Key::RoleAdminOnly)}</p>
                    }
                >
                <div class="inline role-change">
                    <label class="visually-hidden" for=select_id.clone()>
                        {let h = label_handle.clone(); move || i18n.fmt(Key::NewRoleFor, &[("handle", &h)])}
                    </label>
                    <select
                        id=select_id.clone()
                        on:change=move |ev| {
                            if let Some(role) = Role::parse(&event_target_value(&ev)) {
                                chosen.set(role);
                            }
                        }
                    >
                        {grantable
                            .iter()
                            .copied()
                            .map(|role| {
                                view! {
                                    <option value=role.as_str() prop:selected=move || chosen.get() == role>
                                        {i18n.tr(role_key(role))}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                    <button
                        type="button"
                        class="button secondary small"
                        disabled=move || changing.get() || chosen.get() == current.get()
                        on:click=move |_| {
                            change.dispatch(chosen.get_untracked());
                        }
                    >
                        {i18n.tr(Key::ChangeRole)}
                    </button>
                </div>
                </Show>
                <Show when=move || chosen.get() == Role::Expert && current.get() != Role::Expert>
                    <div class="field role-field">
                        <label for=field_id.clone()>
                            {let h = field_handle.clone(); move || i18n.fmt(Key::ExpertFieldFor, &[("handle", &h)])}
                        </label>
                        <input
                            id=field_id.clone()
                            type="text"
                            maxlength=atelier_api::EXPERT_FIELD_MAX.to_string()
                            aria-describedby=format!("{}-hint", field_id)
                            bind:value=field
                        />
                        <p class="hint" id=format!("{}-hint", field_id)>{i18n.tr(Key::ExpertFieldRoleHint)}</p>
                    </div>
                </Show>
                {move || change.value().get().and_then(Result::err).map(|error| view! { <ErrorBox error /> })}
            </td>
            <td data-label=i18n.tr(Key::CreatorCreator)>
                <Show when=move || current.get() == Role::Member fallback=move || i18n.tr(Key::CreatorByRole)>
                    <CreatorToggle user_id=id handle=creator_handle.clone() approved=creator_approved />
                </Show>
            </td>
        </tr>
    }
}
