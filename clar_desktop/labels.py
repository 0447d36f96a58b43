"""Words for the tally's statuses and reasons, shared by the command line and the app."""

from __future__ import annotations

from .i18n import N_

STATUS = {"approved": N_("approved"), "rejected": N_("rejected"),
          "incomplete": N_("incomplete"), "withdrawn": N_("withdrawn"),
          "ineligible": N_("ineligible")}
REASONS = {
    "rejected": N_("below the pass score"),
    "incomplete": N_("sheets incomplete"),
    "withdrawn": N_("did not present or withdrew"),
    "insufficient_justification": N_("too little of the first tranche justified"),
    "exceeds_remaining_budget": N_("does not fit the remaining budget"),
    "budget_exhausted": N_("budget exhausted"),
    "tie_needs_draw": N_("tie: a draw is needed"),
}
# The tie-break keys of the rules, in words (the acta's sentence and the contest form).
TIE_BREAK_WORDS = {
    "requested_asc": N_("the smaller amount requested"),
    "order": N_("the earlier presentation"),
    "draw": N_("a public draw"),
}
TIE_BREAK_CRITERION = N_("the higher mean in “{criterion}”")
# The group of one other attendee of the session (the minutes' details and the acta's rows).
ATTENDEE_GROUP_LABELS = {
    "secretary": N_("Secretary of the session"),
    "staff": N_("Programme staff"),
    "authority": N_("Local authority"),
    "guest": N_("Guest"),
}
# The usual agenda of a session, when the secretary has recorded none (the minutes' details):
# the projector's agenda scene and the acta's agenda section both read it.
DEFAULT_AGENDA = (
    N_("Checking the quorum and opening the session"),
    N_("Reading the rules of the contest"),
    N_("Public presentation of the proposals and scoring"),
    N_("Reading the results and allocating the funds"),
    N_("Signing the minutes"),
)


def custody_sentence(contest: object) -> tuple[str, dict[str, str]]:
    """The acta's usual custody statement for ``contest`` (a `domain.model.Contest`), when the
    minutes' details give none: the message id and its parameters, to translate per language.
    Names the contest's local office, else its district or community, else the programme's
    local office in general."""
    office = getattr(contest, "office", None)
    place = getattr(contest, "place", None)
    town = (place.district or place.community or place.province) if place else None
    if office is not None:
        return (N_("The paper scoring sheets signed by each juror are in the custody of the "
                   "secretary of the session, kept at {office}."),
                {"office": office.name})
    if town:
        return (N_("The paper scoring sheets signed by each juror are kept at the programme's "
                   "local office in {place}, in the custody of the secretary of the session."),
                {"place": town})
    return (N_("The paper scoring sheets signed by each juror are kept at the programme's "
               "local office, in the custody of the secretary of the session."), {})

# A second-tranche item's result as the acta, the poster and the constancias print it (the
# acta's "APROBADO" / "DESAPROBADO"), and why one released nothing (a withdrawn one: the
# reason recorded with its withdrawal).
FOLLOWUP_STATUS = {
    "approved": N_("APPROVED"),
    "rejected": N_("NOT APPROVED"),
    "ineligible": N_("NOT ELIGIBLE"),
    "withdrawn": N_("WITHDRAWN"),
    "incomplete": N_("INCOMPLETE"),
}
FOLLOWUP_WHY = {
    "rejected": N_("below the {pass_score} points needed"),
    "ineligible": N_("{justified} of the first tranche justified, less than the "
                     "{minimum} required"),
    "incomplete": N_("sheets incomplete"),
}
# The usual agenda of a session that evaluates second tranches only; one that also has new
# proposals adds `FOLLOWUP_AGENDA_ITEM` after their presentation.
FOLLOWUP_AGENDA = (
    N_("Checking the quorum and opening the session"),
    N_("Reading the rules of the second-tranche evaluation"),
    N_("Public presentation of the progress of each initiative and scoring"),
    N_("Reading the results and the second tranches released"),
    N_("Signing the minutes"),
)
FOLLOWUP_AGENDA_ITEM = N_("Presentation of the initiatives that apply for the second "
                          "disbursement, and scoring")
