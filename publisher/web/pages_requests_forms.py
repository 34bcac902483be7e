"""The steward forms of the request register (Flask-WTF: each carries its CSRF token)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, NumberRange, Optional

from publisher.requests import categories as cat
from publisher.requests import clock as ck

STEP_LABELS = {
    ck.CORRECTION_NOTICE: _l("Correction notice sent (补正)"),
    ck.CORRECTION_ANSWER: _l("Corrected request received"),
    ck.EXTENSION: _l("Extension approved"),
    ck.CONSULTATION_START: _l("Third-party consultation sent"),
    ck.CONSULTATION_END: _l("Third-party answer received"),
    ck.REPLY: _l("Reply"),
}
STATE_LABELS = {
    "open": _l("Open"), "consulting": _l("Third party consulted"),
    "awaiting-correction": _l("Awaiting correction"), "replied": _l("Replied"),
}


class RequestForm(FlaskForm):  # type: ignore[misc]
    reference = StringField(_l("Reference"), validators=[DataRequired()])
    received = DateField(_l("Received"), validators=[DataRequired()])
    channel = SelectField(_l("Channel"), choices=[SelectChoice(c) for c in cat.CHANNELS])
    applicant_type = SelectField(_l("Applicant type"),
                                 choices=[SelectChoice(t) for t in cat.APPLICANT_TYPES])
    content = TextAreaField(_l("Content requested"))
    name = StringField(_l("Applicant's name"))
    id_number = StringField(_l("ID number"))
    phone = StringField(_l("Phone"))
    address = StringField(_l("Address"))
    email = StringField(_l("E-mail"))


class StepForm(FlaskForm):  # type: ignore[misc]
    kind = SelectField(_l("Step"), choices=[SelectChoice(k, v) for k, v in STEP_LABELS.items()])
    day = DateField(_l("Date"), validators=[DataRequired()])
    outcome = SelectField(_l("Outcome (for a reply)"),
                          choices=[SelectChoice("", "—")] + [
                              SelectChoice(o.code, f"{o.group} {o.label}" if o.number
                                           else o.label) for o in cat.OUTCOMES])
    approver = StringField(_l("Approved by (for an extension)"))
    fee = IntegerField(_l("Fee (yuan)"), default=0,
                       validators=[Optional(), NumberRange(min=0)])
    note = StringField(_l("Note"))
