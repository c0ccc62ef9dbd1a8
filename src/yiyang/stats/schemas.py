"""Schemas of the statistics API: indicators, targets, monthly values, manual reports."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from ninja import Schema
from pydantic import Field


class IndicatorOut(Schema):
    code: str
    name: str
    group: str
    definition: str
    numerator: str
    denominator: str
    unit: str
    direction: str
    binding: str
    is_computed: bool
    computation: str
    near_ratio: Decimal
    source: str


class TargetOut(Schema):
    pk: int
    indicator: str = Field(alias="indicator.code")
    region_code: str | None = Field(alias="region_id")
    year: int
    value: Decimal
    note: str


class IndicatorValueOut(Schema):
    """One indicator's kept figure for a region and month (a snapshot)."""

    indicator: str = Field(alias="indicator.code")
    region_code: str = Field(alias="region_id")
    month: date
    numerator: Decimal | None
    denominator: Decimal | None
    value: Decimal | None
    source: str
    computed_at: datetime


class ManualReportIn(Schema):
    indicator: str = Field(description="the indicator's code", max_length=60)
    region_code: str = Field(max_length=12)
    month: str = Field(description="YYYY-MM", max_length=7)
    value: Decimal
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    source: str = Field(max_length=200)


class ManualReportOut(Schema):
    pk: int
    indicator: str = Field(alias="indicator.code")
    region_code: str = Field(alias="region_id")
    month: date
    value: Decimal
    numerator: Decimal | None
    denominator: Decimal | None
    source: str
    reported_at: datetime
