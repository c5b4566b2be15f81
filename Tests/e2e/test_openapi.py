"""The API against its own OpenAPI document: schemathesis with every check, stateful too.

Runs `schemathesis run` (the pinned 4.32.5 from requirements-test.txt) against a separate
`peyvand serve` with its own database, because the generated requests create, change and
delete at random. All four phases: the document's examples, coverage (boundary values, every
documented and undocumented method, missing headers), fuzzing, and stateful sequences (links
inferred from the document's ids and from `Location` headers seen in the earlier phases).
`--checks all`: not_a_server_error, status_code_conformance, content_type_conformance,
response_headers_conformance, response_schema_conformance, negative_data_rejection,
positive_data_acceptance, missing_required_header, unsupported_method,
allow_header_conformance, use_after_free, ensure_resource_availability, ignored_auth and
object_level_authorization. The test fails on ANY failure schemathesis reports, and when an
operation the document lists was not tested.

PEYVAND_E2E_SCHEMATHESIS_EXAMPLES (default 25) is the examples per operation; the seed is
fixed (PEYVAND_E2E_SCHEMATHESIS_SEED) so a failure can be reproduced with `st replay`. The run's
config (Tests/e2e/.../schemathesis.toml, written per run) carries the tokens and the few
calibrations below, each with its reason. Skip with PEYVAND_E2E_SKIP_SCHEMATHESIS=1.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
import requests
import yaml

from peyvand_proc import api_token, start_server
from summary import report_line

MAX_EXAMPLES = int(os.environ.get("PEYVAND_E2E_SCHEMATHESIS_EXAMPLES", "25"))
SEED = int(os.environ.get("PEYVAND_E2E_SCHEMATHESIS_SEED", "1405"))
RUN_TIMEOUT_SECONDS = int(os.environ.get("PEYVAND_E2E_SCHEMATHESIS_TIMEOUT", "900"))

# Operations never sent, each with why.
EXCLUDED_OPERATIONS = {
    # Revoking a token: generated ids walk the small id space and would revoke the very token
    # this run authenticates with, after which every later request is a 401.
    "revokeToken": "would revoke the token the run uses",
    # The same for an administrator acting on accounts: generated ids reach the run's own
    # account (id 1), so signing it out with its tokens, revoking its tokens by id, or changing
    # its role would end the run. Covered by Tests/PeyvandWebTests/UsersAPITests.swift instead.
    "signOutUser": "with tokens: true on the run's own account it would revoke the token the run uses",
    "revokeUserToken": "would revoke the token the run uses",
    "updateUser": "a role change on the run's own account would take away the rights the run needs",
}

pytestmark = [
    pytest.mark.schemathesis,
    pytest.mark.skipif(
        os.environ.get("PEYVAND_E2E_SKIP_SCHEMATHESIS", "") not in ("", "0"),
        reason="PEYVAND_E2E_SKIP_SCHEMATHESIS is set",
    ),
]


METRICS_TOKEN = "e2e-metrics-token-" + secrets.token_hex(8)

# Operations whose 422 for a well-formed request is a business rule no schema can state; the
# document says so in prose. Only for these may a schema-valid request be refused with 422
# (positive_data_acceptance); every other check, and every other operation, stays as strict.
RULES_BEYOND_THE_SCHEMA = {
    "createCustomer": "ownerId must name a user; organisationId an organisation; a phone must fit a numbering plan",
    "updateCustomer": "the same rules as createCustomer",
    "lookupCaller": "the number must fit a numbering plan (no country code starting with 0)",
    "attachDocument": "the content must be an accepted kind matching the name; interactionId must be this customer's",
    "logInteraction": "staffId must name a user; occurredAt at most a year from now",
    "createOrder": "products, SKUs and price lists must exist; a foreign currency needs a rate on the day",
    "addRelation": "a parent company relates two organisations, without cycles, not to itself",
    "createProduct": "prices name existing price lists; the SKU is unique",
    "updateProduct": "prices name existing price lists",
    "shipOrder": "lines must be this order's and at most what remains",
    "returnOrderLine": "the line must be this order's and at most what shipped and was not returned",
    "recordPayment": "at most what is due; a cheque needs its number, bank and due date",
    "mergeCustomer": "a customer cannot be merged into itself or a deleted one",
    "setExchangeRate": "the organisation's own currency has no rate (it is 1)",
    "createPriceList": "price list names are unique",
    "getCustomerValue": "`from` must be before `to`",
    "createUser": "the password is at most 72 bytes of UTF-8 (bcrypt's limit), which a length in characters cannot say",
    "confirmOrder": "only a draft order can be confirmed",
    "cancelOrder": "nothing may have shipped or been invoiced",
    "closeOrder": "only a fulfilled order can be closed",
    "invoiceOrder": "drafts and cancelled orders are not invoiced",
    "changeOwnPassword": "the current password must be the caller's own",
    "createWebhook": "the url must be an http:// or https:// address with a host",
    "replayOutboxMessage": "only a dead or failed message is replayed (409 otherwise)",
    "sendMessage": "the customer must have consented to the channel and have an address on it; merge fields must be known",
    "createTemplate": "merge fields must be known; a name is unique per channel and language",
    "updateTemplate": "merge fields must be known; a name is unique per channel and language",
    "setChannelRules": "the time zone must be an IANA zone",
    "reportCall": "agentUserId must name an active member of staff; `at` between 1970 and a year from now",
    "setUserExtension": "an extension belongs to one member of staff",
    # SMS
    "sendSMS": "the number must be a mobile, the customer must consent to SMS (409 when no gateway is configured)",
    "smsCallback": "the path's secret is the installation's own (404 for any other, and without a gateway)",
    # Sales: the forecast
    "setForecastSettings": "bestCaseFrom must not be above commitFrom",
    "setQuota": "the person must exist (404)",
    # Sales: pipelines and deals
    "createPipeline": "stage names must not be only spaces",
    "reorderPipelines": "the ids must be every pipeline's, once",
    "reorderPipelineStages": "the ids must be every stage of this pipeline, once",
    "addPipelineStage": "a pipeline holds at most 30 stages",
    "updatePipelineStage": "the last active stage of a pipeline is not archived",
    "createDeal": "the customer must exist and be in reach, the stage must be in the pipeline, products must exist and not be archived, quantities above 0, contacts people, a foreign currency needs a rate",
    "updateDeal": "the same rules as createDeal; the lines are priced in the deal's currency",
    "moveDeal": "the stage must be an active stage of the deal's own pipeline",
    # Sales: tasks and meetings.
    "createTask": "assigneeId must name an active member of staff; customerId and dealId one in reach; instants from 2000 to ten years ahead; a title not blank",
    "updateTask": "the same rules as createTask",
    "createMeeting": "endsAt after startsAt and at most 24 hours later; attendees must be active staff or the customer's own people",
    "updateMeeting": "the same rules as createMeeting",
    "listMeetings": "`to` after `from`, at most 400 days later",
    "markMeetingHeld": "the notes are text without control characters (409 for a cancelled meeting)",
    # Quotes and contracts
    "createQuote": "the deal or customer must exist and be in reach; products active; validUntil today or later; a discount at most its line",
    "updateQuote": "the same rules as createQuote; only a draft is changed (409)",
    "sendQuote": "the customer must have consented to a channel with an address on it",
    "acceptQuote": "the lines must still price as an order (an archived product is refused)",
    "createContract": "the deal or customer must exist; the end on or after the start; a value is required without a deal",
    "updateContract": "the end on or after the start; ownerId an active user",
    "renewContract": "the new end on or after its start",
    "attachContractDocument": "the document must be one of the contract's customer's",
    # Leads
    "createLead": "name is required and not blank; ownerId must name an active user; a phone must fit a numbering plan",
    "updateLead": "the same rules as createLead; a converted or disqualified lead is closed (409)",
    "convertLead": "the pipeline must exist and have a stage; amount is a decimal; a closed lead is 409",
    "disqualifyLead": "the reason is not blank after trimming; a closed lead is 409",
    "addLeadNote": "the note is not blank after trimming",
    "addLeadScoringRule": "need, budget, authority and timing take only `present`; equals and contains need a value",
    "addLeadAssignmentRule": "a territory needs a province or a city; the reps must be active users",
    "createLeadForm": "a consent channel needs its wording; the thank-you address is http:// or https://",
    "updateLeadForm": "the same rules as createLeadForm",
    "importLeads": "the header row needs a name column; more than 20,000 rows is refused",
    # Service: reports
    "getServiceReport": "`to` not before `from`, at most 36 months, a real month of the calendar",
    # Service: tickets, teams and routing rules
    "createTicket": "the customer must exist and be in reach; a subject or body not blank; product, order (the customer's), agent and team must exist",
    "updateTicket": "the subject is not blank after trimming; a merged ticket is 409",
    "addTicketMessage": "the body is not blank after trimming; a reply needs a channel the customer can be reached on; attachmentIds name the customer's live documents, at most 15 MB in all, and an SMS or messenger reply carries none; merged or closed is 409",
    "assignTicket": "an agent or a team is named; the agent active, the team existing; the reason not blank; a closed ticket is 409",
    "mergeTicket": "not into itself nor another customer's ticket; the target must exist (merged is 409)",
    "createServiceTeam": "team names are unique (Persian-normalised) and not blank; lead and manager active staff",
    "updateServiceTeam": "the same rules as createServiceTeam",
    "setServiceTeamMembers": "every member is an active member of staff",
    "createRoutingRule": "the name is not blank; the team must exist",
    "updateRoutingRule": "the same rules as createRoutingRule",
    "createSLAPolicy": "the name is not blank after trimming; one policy per priority and customer-value floor",
    "updateSLAPolicy": "the same rules as createSLAPolicy",
    "addServiceHoliday": "the names are not blank; the date is a real day",
    "setServiceTeamHours": "the hours parse (days, times, no overlaps) and open at some time of the week",
    "updateServiceSettings": "the default team must exist",
    "createRecoveryCase": "the customer exists in reach; the ticket is that customer's",
    "updateRecoveryCase": "a discount needs an amount in the organisation's currency; points a number; a replacement a return of this customer's; the owner is active staff",
    "closeRecoveryCase": "the outcome is at most 4000 characters once trimmed",
    # Service: surveys
    "sendTicketSurvey": "the customer must have consented to a channel with an address on it (422); a ticket is surveyed once (409)",
    "answerSurvey": "the token must be a link we sent (404); an answered survey is 409 and an expired link 410",
    # Satisfaction classes and payment disputes
    "openPaymentDispute": "the reason is not blank after trimming (a payment with an open dispute is 409)",
}

# Operations whose body is a document in its own format, which a schema of `type: string,
# format: binary` cannot describe: a schema-valid body (any bytes) that is not one is 400, with
# the reason, and that is the documented answer.
FORMATTED_BODIES = {
    "receiveMail": "the body must be an RFC 5322 message: header fields, a sender, MIME that holds together",
    "importLeads": "the body must be a CSV file whose header row has a name column",
}

# `If-Match` names a version: any but the current one is 412 (RFC 9110 evaluates the
# precondition before reading the body, so a stale version with a bad body is 412 too).
CONDITIONAL_OPERATIONS = {"updateCustomer", "confirmOrder", "cancelOrder", "closeOrder", "updateTemplate",
                          "updatePipeline", "updateDeal", "moveDeal", "winDeal", "loseDeal", "reopenDeal",
                          "updateTask", "completeTask", "reopenTask", "cancelTask", "updateMeeting", "markMeetingHeld", "cancelMeeting",
                          "updateQuote", "sendQuote", "acceptQuote", "declineQuote", "cancelQuote",
                          "updateContract", "activateContract", "endContract", "cancelContract", "renewContract",
                          "updateLead", "convertLead", "disqualifyLead", "updateLeadForm",
                          "updateTicket", "assignTicket", "mergeTicket", "updateServiceTeam", "updateRoutingRule",
                          "updateSLAPolicy", "updateRecoveryCase", "closeRecoveryCase", "closePaymentDispute"}

# Scores exist only after a scoring run that saw the customer's purchases: a customer just
# created has none, and 404 is the documented answer, not a lost resource.
NOT_CREATED_WITH_THE_PARENT = {"getCustomerScores"}


@pytest.fixture(scope="module")
def openapi_server(e2e_tmp):
    srv = start_server(e2e_tmp / "openapi", env={"PEYVAND_METRICS_TOKEN": METRICS_TOKEN})
    yield srv
    srv.stop()


def config_toml(token: str) -> str:
    """The run's schemathesis.toml: the API token, the metrics token for /metrics, the calibrations above."""
    lines = ["[headers]", f'Authorization = "Bearer {token}"', ""]
    lines += ["[[operations]]", 'include-operation-id = "getMetrics"',
              f'headers = {{ Authorization = "Bearer {METRICS_TOKEN}" }}', ""]
    for operation_id in sorted(set(RULES_BEYOND_THE_SCHEMA) | CONDITIONAL_OPERATIONS | set(FORMATTED_BODIES)):
        positive = ["2xx", "3xx", "401", "403", "404", "409", "429"]
        if operation_id in RULES_BEYOND_THE_SCHEMA:
            positive.append("422")
        if operation_id in FORMATTED_BODIES:
            positive += ["400", "413"]
        lines += ["[[operations]]", f'include-operation-id = "{operation_id}"',
                  f"checks.positive_data_acceptance.expected-statuses = {json.dumps(positive + (['412'] if operation_id in CONDITIONAL_OPERATIONS else []))}"]
        if operation_id in CONDITIONAL_OPERATIONS:
            negative = ["400", "401", "403", "404", "405", "406", "409", "412", "415", "422", "428", "429"]
            lines.append(f"checks.negative_data_rejection.expected-statuses = {json.dumps(negative)}")
        lines.append("")
    for operation_id in sorted(NOT_CREATED_WITH_THE_PARENT):
        lines += ["[[operations]]", f'include-operation-id = "{operation_id}"',
                  "checks.ensure_resource_availability.enabled = false", ""]
    return "\n".join(lines)


def documented_operations(document: dict) -> set[str]:
    return {
        f"{method.upper()} {path}"
        for path, item in document["paths"].items()
        for method, op in item.items()
        if method in ("get", "put", "post", "patch", "delete", "head", "options", "trace")
        and op.get("operationId") not in EXCLUDED_OPERATIONS
    }


def test_api_conforms(openapi_server, e2e_tmp):
    base = openapi_server.base
    token = api_token(base)
    raw = requests.get(f"{base}/api/openapi.yaml", timeout=10)
    assert raw.status_code == 200, f"GET /api/openapi.yaml -> {raw.status_code}"
    assert raw.headers.get("Content-Type", "").startswith("application/yaml"), raw.headers.get("Content-Type")
    document = yaml.safe_load(raw.text)
    assert str(document.get("openapi", "")).startswith("3."), "not an OpenAPI 3 document"

    reports = Path(e2e_tmp) / "schemathesis"
    reports.mkdir(parents=True, exist_ok=True)
    json_report = reports / "run.json"
    cli = Path(sys.executable).with_name("schemathesis")
    config = reports / "schemathesis.toml"
    config.write_text(config_toml(token))
    args = [
        str(cli), "--config-file", str(config), "run", f"{base}/api/openapi.yaml",
        "--url", base,
        "--checks", "all",
        "--phases", "examples,coverage,fuzzing,stateful",
        "--mode", "all",
        "--max-examples", str(MAX_EXAMPLES),
        "--seed", str(SEED),
        "--generation-database", "none",
        "--workers", "1",
        "--request-timeout", "15",
        "--continue-on-failure",
        "--report", "json",
        "--report-json-path", str(json_report),
        "--output-truncate", "false",
        "--no-color",
    ]
    for operation_id in EXCLUDED_OPERATIONS:
        args += ["--exclude-operation-id", operation_id]
    here = Path(__file__).resolve().parent
    env = {**os.environ, "SCHEMATHESIS_HOOKS": "schemathesis_hooks",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(here), os.environ.get("PYTHONPATH", "")]))}
    proc = subprocess.run(args, capture_output=True, text=True, timeout=RUN_TIMEOUT_SECONDS, cwd=reports, env=env)
    output = proc.stdout + proc.stderr
    (reports / "output.txt").write_text(output)

    assert json_report.exists(), f"schemathesis wrote no report (exit {proc.returncode}):\n{output[-6000:]}"
    report = json.loads(json_report.read_text())
    operations, cases = report.get("operations", {}), report.get("test_cases", {})
    report_line(
        f"schemathesis (--checks all, phases {','.join(report.get('phases', {}))}, {MAX_EXAMPLES} examples per operation, "
        f"seed {SEED}): {operations.get('tested')} of {operations.get('total')} operations tested, "
        f"{cases.get('generated')} test cases, {cases.get('unique_failures')} unique failures"
    )
    for failure in report.get("failures", []):
        report_line(f"  {failure['code']} {failure['title']}: {', '.join(failure['operations'])}")

    # Every operation the document lists was tested: none skipped, none errored, none filtered
    # out except the exclusions above.
    # schemathesis leaves out the operation that serves the document it was loaded from
    # (GET /api/openapi.yaml); this test fetched and checked that one above.
    documented = documented_operations(document) - {"GET /api/openapi.yaml"}
    assert operations.get("total") == len(documented) + len(EXCLUDED_OPERATIONS), (operations, len(documented))
    assert operations.get("tested") == len(documented), f"only {operations.get('tested')} of {len(documented)} operations tested: {operations}"
    assert not operations.get("errored") and not operations.get("skipped"), operations
    stateful = report.get("phases", {}).get("stateful", {})
    assert stateful.get("status") != "skipped", f"the stateful phase did not run: {stateful}"
    failures = failure_entries(output)
    assert proc.returncode == 0 or failures, f"schemathesis failed (exit {proc.returncode}):\n{output[-20000:]}"
    assert not failures, f"schemathesis found {len(failures)} failures:\n" + "\n\n".join(failures)[-20000:]


def failure_entries(output: str) -> list[str]:
    """Each failure of schemathesis' FAILURES section, as `METHOD /path` then its text."""
    section = output.split("= FAILURES =", 1)[-1].split("= WARNINGS =", 1)[0].split("= SUMMARY =", 1)[0]
    if "= FAILURES =" not in output:
        return []
    entries, operation, current = [], "", []
    for line in section.splitlines():
        header = re.match(r"^_{3,} (.+?) _{3,}$", line)
        if header or line.startswith("- ST"):
            if current:
                entries.append("\n".join(current))
            current = []
            if header:
                operation = header.group(1)
                continue
            current = [operation, line]
        elif current:
            current.append(line)
    if current:
        entries.append("\n".join(current))
    return entries
