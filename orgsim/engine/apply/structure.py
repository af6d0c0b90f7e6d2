"""Structure: organisations, posts, reporting lines, first assistants, people."""

from __future__ import annotations

from attrs import evolve

from orgsim import events as ev
from orgsim.engine.apply.common import Outcome, known_person, known_post, record_act, without
from orgsim.engine.apply.dispatch import apply
from orgsim.errors import EventError
from orgsim.model import Act, ActType, Change, ChangeKind, State, Vacancy, VacancyReason

__all__: list[str] = []


@apply.register
def _(event: ev.AddOrganization, state: State, *, act_id: str) -> Outcome:
    org = event.organization
    if org.id in state.organizations:
        raise EventError(f"organisation `{org.id}` already exists", field="organization")
    if org.parent is not None and org.parent not in state.organizations:
        raise EventError(f"unknown parent organisation `{org.parent}`", field="organization")
    return Outcome(state.but(organizations=state.organizations.set(org.id, org)))


@apply.register
def _(event: ev.AddPost, state: State, *, act_id: str) -> Outcome:
    post = event.post
    if post.id in state.posts:
        raise EventError(f"post `{post.id}` already exists", field="post")
    if post.organization not in state.organizations:
        raise EventError(f"unknown organisation `{post.organization}`", field="post")
    for ref in (post.reports_to, post.first_assistant, post.appointed_by, *post.dotted_to):
        if ref is not None and ref not in state.posts:
            raise EventError(f"unknown post `{ref}`", field="post")
    state = state.but(
        posts=state.posts.set(post.id, post),
        vacancies=state.vacancies.set(
            post.id,
            Vacancy(
                post.id,
                event.date,
                VacancyReason.DEPARTURE,
                first_assistant=post.first_assistant,
                first_assistant_fixed=True,
            ),
        ),
    )
    return Outcome(state, (Change(ChangeKind.POST_ADDED, post.id),))


@apply.register
def _(event: ev.AbolishPost, state: State, *, act_id: str) -> Outcome:
    known_post(state, event.post)
    holder = state.holder(event.post)
    if holder is not None:
        raise EventError(
            f"cannot abolish {state.title(event.post)}: {state.name(holder.person)} serves in it",
            field="post",
        )
    users = sorted(
        p.id
        for p in state.posts.values()
        if event.post in (p.reports_to, p.first_assistant) and p.id != event.post
    )
    if users:
        raise EventError(
            f"cannot abolish {state.title(event.post)}: {', '.join(users)} refer to it",
            field="post",
        )
    state = state.but(
        posts=state.posts.delete(event.post),
        vacancies=without(state.vacancies, event.post),
        nominations=without(state.nominations, event.post),
    )
    return Outcome(state, (Change(ChangeKind.POST_ABOLISHED, event.post),))


@apply.register
def _(event: ev.MovePost, state: State, *, act_id: str) -> Outcome:
    known_post(state, event.post)
    if event.reports_to is not None:
        known_post(state, event.reports_to, "reports_to")
        if event.reports_to == event.post or event.post in state.chain_of_command(event.reports_to):
            raise EventError(
                f"moving {event.post} under {event.reports_to} would make a reporting cycle",
                field="reports_to",
            )
    post = evolve(state.post(event.post), reports_to=event.reports_to)
    return Outcome(
        state.but(posts=state.posts.set(post.id, post)),
        (Change(ChangeKind.MOVED, post.id, detail=f"now reports to {event.reports_to}"),),
    )


@apply.register
def _(event: ev.SetFirstAssistant, state: State, *, act_id: str) -> Outcome:
    known_post(state, event.post)
    known_person(state, event.by, "by")
    if event.first_assistant is not None:
        known_post(state, event.first_assistant, "first_assistant")
    post = evolve(state.post(event.post), first_assistant=event.first_assistant)
    posts = state.posts.set(post.id, post)
    if event.first_assistant is not None and event.in_name_only is not None:
        named = evolve(posts[event.first_assistant], nominal_first_assistant=event.in_name_only)
        posts = posts.set(named.id, named)
    acts = without(state.first_assistant_acts, post.id)
    state = state.but(posts=posts, first_assistant_acts=acts)
    if event.by is not None:
        # Who named it is reported: the naming is an act, judged like an order.
        what = (
            f"names the {state.title(event.first_assistant)} first assistant to the {post.title}"
            if event.first_assistant is not None
            else f"names no first assistant to the {post.title}"
        )
        state = record_act(state, Act(act_id, post.id, event.by, event.date, ActType.ORDER, what))
        state = state.but(first_assistant_acts=state.first_assistant_acts.set(post.id, act_id))
    return Outcome(
        state,
        (Change(ChangeKind.FIRST_ASSISTANT, post.id, detail=f"{event.first_assistant}"),),
    )


@apply.register
def _(event: ev.AddPerson, state: State, *, act_id: str) -> Outcome:
    if event.person.id in state.people:
        raise EventError(f"person `{event.person.id}` already exists", field="person")
    return Outcome(
        state.but(people=state.people.set(event.person.id, event.person)),
        (Change(ChangeKind.PERSON_ADDED, person=event.person.id),),
    )
