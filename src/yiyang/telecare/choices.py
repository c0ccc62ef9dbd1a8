"""Choices of the telecare module: device kinds, message kinds, alarm states and outcomes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DeviceKind(models.TextChoices):
    SOS_BUTTON = "sos_button", _("SOS button or pendant")
    SMART_WATCH = "smart_watch", _("Smart watch")
    SMOKE = "smoke", _("Smoke detector")
    GAS = "gas", _("Gas detector")
    WATER_LEAK = "water_leak", _("Water-leak sensor")
    DOOR_CONTACT = "door_contact", _("Door contact")
    MOTION = "motion", _("Motion sensor (PIR)")
    BED_SENSOR = "bed_sensor", _("Bed or mattress sensor")
    FALL_RADAR = "fall_radar", _("Fall radar")


class DeviceStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    UNBOUND = "unbound", _("Unbound")


class MessageKind(models.TextChoices):
    """The `kind` of an ingested message (docs/modules/telecare.md, message schema)."""

    HEARTBEAT = "heartbeat", _("Heartbeat")
    SOS = "sos", _("SOS pressed")
    FALL = "fall", _("Fall detected")
    SMOKE = "smoke", _("Smoke detected")
    GAS = "gas", _("Gas detected")
    WATER_LEAK = "water_leak", _("Water leak detected")
    DOOR_OPEN = "door_open", _("Door opened")
    DOOR_CLOSED = "door_closed", _("Door closed")
    MOTION = "motion", _("Motion")
    OK_PRESS = "ok_press", _("I'm OK pressed")
    TEST_CALL = "test_call", _("Test call")


class AlarmSeverity(models.IntegerChoices):
    """Ordered so that sorting by it puts the most urgent first (lower is more urgent)."""

    CRITICAL = 1, _("Critical")
    WARNING = 2, _("Warning")
    TECHNICAL = 3, _("Technical")


class RuleCode(models.TextChoices):
    """What an alarm is about; each has an `AlarmRule` row with its severity and threshold."""

    SOS = "sos", _("SOS call")
    FALL = "fall", _("Fall")
    SMOKE = "smoke", _("Smoke")
    GAS = "gas", _("Gas")
    WATER_LEAK = "water_leak", _("Water leak")
    NO_MOTION = "no_motion", _("No motion during the day")
    DOOR_OPEN_NIGHT = "door_open_night", _("Door open at night")
    SILENT = "silent", _("Device silent")
    LOW_BATTERY = "low_battery", _("Low battery")
    ESCALATION = "escalation", _("Escalation of an unacknowledged critical alarm")
    DAILY_OK = "daily_ok", _("No “I'm OK” today")
    TEST_CALL = "test_call", _("Monthly test call missing")


class AlarmStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    DISPATCHED = "dispatched", _("Dispatched")
    RESOLVED = "resolved", _("Resolved")


class AlarmEventType(models.TextChoices):
    RAISED = "raised", _("Raised")
    ESCALATED = "escalated", _("Escalated")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    CALL = "call", _("Call attempt")
    DISPATCHED = "dispatched", _("Dispatched")
    ARRIVED = "arrived", _("Responder on site")
    RESOLVED = "resolved", _("Resolved")


class CallResult(models.TextChoices):
    ANSWERED = "answered", _("Answered")
    NO_ANSWER = "no_answer", _("No answer")
    BUSY = "busy", _("Busy")
    WRONG_NUMBER = "wrong_number", _("Wrong number")


class DispatchTarget(models.TextChoices):
    FAMILY = "family", _("Family")
    NEIGHBOUR = "neighbour", _("Neighbour")
    COMMUNITY_WORKER = "community_worker", _("Community worker")
    CAREGIVER = "caregiver", _("Caregiver")
    AMBULANCE_120 = "ambulance_120", _("Ambulance (120)")
    POLICE_110 = "police_110", _("Police (110)")
    FIRE_119 = "fire_119", _("Fire brigade (119)")


class AlarmOutcome(models.TextChoices):
    HELPED_AT_HOME = "helped_at_home", _("Helped at home")
    TAKEN_TO_HOSPITAL = "taken_to_hospital", _("Taken to hospital")
    HAZARD_REMOVED = "hazard_removed", _("Hazard removed")
    DEVICE_FIXED = "device_fixed", _("Device fixed or replaced")
    FALSE_ALARM = "false_alarm", _("False alarm")
    NO_ACTION_NEEDED = "no_action_needed", _("No action needed")
    DECEASED = "deceased", _("Found deceased")


class RejectReason(models.TextChoices):
    """Why an ingested message was refused; each is counted (`IngestRejection`)."""

    MALFORMED = "malformed", _("Malformed message")
    UNKNOWN_DEVICE = "unknown_device", _("Unknown device")
    BAD_SIGNATURE = "bad_signature", _("Bad signature")
    DEVICE_UNBOUND = "device_unbound", _("Device unbound")
    TOPIC_MISMATCH = "topic_mismatch", _("Topic does not match the message")


class ResponderRole(models.TextChoices):
    """Who a contact of the response plan is (issue 7: the cascade)."""

    FAMILY = "family", _("Family")
    NEIGHBOUR = "neighbour", _("Neighbour")
    COMMUNITY_WORKER = "community_worker", _("Community worker")
    CAREGIVER = "caregiver", _("Caregiver")
    KEYHOLDER = "keyholder", _("Keyholder")


class BedStatus(models.TextChoices):
    SETTING_UP = "setting_up", _("Setting up")
    ACTIVE = "active", _("In service")
    CLOSED = "closed", _("Closed")
