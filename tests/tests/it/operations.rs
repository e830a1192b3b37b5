//! Every generated operation, driven through a real HTTP server on 127.0.0.1: the
//! exact method, path, query, JSON body and `Authorization` header on the wire.
//!
//! The list of cases is checked against `ikcrm::mock::routes()` (one route per
//! documented operation): an operation added to `docs-input/` without a case here,
//! or a case whose operation disappeared, fails `every_route_has_exactly_one_case`.

use crate::common::*;
use ikcrm::mock::{serve, MockRoute, MockServer, RequestExt};
use ikcrm::{BoxFuture, Client};
use serde_json::{json, Value};

/// Calls one operation and drops its (typed) result.
type Call = fn(Client) -> BoxFuture<'static, ikcrm::Result<()>>;

macro_rules! call {
    (|$c:ident| $e:expr) => {
        (|$c: Client| -> BoxFuture<'static, ikcrm::Result<()>> {
            Box::pin(async move { $e.await.map(|_| ()) })
        }) as Call
    };
}

struct Case {
    /// `METHOD template` of the documented operation.
    method: &'static str,
    template: &'static str,
    call: Call,
    /// Expected wire.
    path: &'static str,
    query: &'static [(&'static str, &'static str)],
    body: Option<Value>,
    /// Header parameters (names lowercased) the page's 请求头 table declares. An
    /// operation whose route has its own token header sends no `Authorization`.
    headers: &'static [(&'static str, &'static str)],
}

fn dec(s: &str) -> ikcrm::Decimal {
    s.parse().expect("decimal")
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            method: "GET",
            template: "/api/v2/checkins",
            call: call!(|c| c
                .checkins()
                .list()
                .page(2)
                .per_page(50)
                .user_id(7)
                .checkable_type("Customer")),
            path: "/api/v2/checkins",
            query: &[
                ("page", "2"),
                ("per_page", "50"),
                ("user_id", "7"),
                ("checkable_type", "Customer"),
            ],
            body: None,
            headers: &[],
        },
        Case {
            method: "GET",
            template: "/api/v2/common_customers/:id",
            call: call!(|c| c.common_customers().get(30111238)),
            path: "/api/v2/common_customers/30111238",
            query: &[],
            body: None,
            headers: &[],
        },
        Case {
            method: "GET",
            template: "/api/v2/common_customers/:id/contacts",
            call: call!(|c| c.common_customers().list_contacts(1474062)),
            path: "/api/v2/common_customers/1474062/contacts",
            query: &[],
            body: None,
            headers: &[],
        },
        Case {
            method: "GET",
            template: "/api/v2/common_customers/:id/contracts",
            call: call!(|c| c.common_customers().list_contracts(1370000)),
            path: "/api/v2/common_customers/1370000/contracts",
            query: &[],
            body: None,
            headers: &[],
        },
        Case {
            method: "DELETE",
            template: "/api/v2/common_leads/:id",
            call: call!(|c| c.common_leads().delete(83024)),
            path: "/api/v2/common_leads/83024",
            query: &[],
            body: None,
            headers: &[],
        },
        Case {
            method: "GET",
            template: "/api/v2/contacts",
            call: call!(|c| c
                .contacts()
                .list()
                .query("王 府&井=1")
                .entity("customer")
                .entity_id(1605115)),
            path: "/api/v2/contacts",
            query: &[
                ("query", "王 府&井=1"),
                ("entity", "customer"),
                ("entity_id", "1605115"),
            ],
            body: None,
            headers: &[],
        },
        Case {
            method: "POST",
            template: "/api/v2/contracts",
            call: call!(|c| c
                .contracts()
                .create("经理1的合同", "4546465464", 831, "2014-11-07", "2014-12-07")
                .total_amount(dec("200000.0"))
                .contract_action_name("save")),
            path: "/api/v2/contracts",
            query: &[],
            body: Some(json!({
                "contract": {
                    "title": "经理1的合同", "sn": "4546465464", "customer_id": 831,
                    "total_amount": "200000.0", "start_at": "2014-11-07", "end_at": "2014-12-07"
                },
                "contract_action_name": "save"
            })),
            headers: &[],
        },
        Case {
            method: "POST",
            template: "/api/v2/contracts/:id/product_assets",
            call: call!(|c| c
                .contracts()
                .create_product_asset(104, 5, dec("2"))
                .remark("备注")),
            path: "/api/v2/contracts/104/product_assets",
            query: &[],
            body: Some(
                json!({"product_asset": {"product_id": 5, "quantity": "2", "remark": "备注"}}),
            ),
            headers: &[],
        },
        Case {
            method: "GET",
            template: "/api/v2/contracts/:id",
            call: call!(|c| c.contracts().get(15201)),
            path: "/api/v2/contracts/15201",
            query: &[],
            body: None,
            headers: &[],
        },
        Case {
            method: "GET",
            template: "/api/v2/contracts",
            call: call!(|c| c.contracts().list("customer", 831).per_page(15)),
            path: "/api/v2/contracts",
            query: &[
                ("per_page", "15"),
                ("entity", "customer"),
                ("entity_id", "831"),
            ],
            body: None,
            headers: &[],
        },
        Case {
            method: "GET",
            template: "/api/v2/contracts/new_from_opportunity",
            call: call!(|c| c.contracts().new_from_opportunity(576543)),
            path: "/api/v2/contracts/new_from_opportunity",
            query: &[("opportunity_id", "576543")],
            body: None,
            headers: &[],
        },
        Case {
            method: "POST",
            template: "/api/v2/customers",
            call: call!(|c| c
                .customers()
                .create(254, "经理1的客户", "4023", "4028", 395)
                .address_attributes_tel("010-1234")
                .contacts_attributes_name("王府井")
                .labels(vec!["重点".to_owned(), "VIP".to_owned()])),
            path: "/api/v2/customers",
            query: &[],
            body: Some(json!({
                "customer": {
                    "user_id": 254, "name": "经理1的客户", "category": "4023", "source": "4028",
                    "want_department_id": 395,
                    "address_attributes": {"tel": "010-1234"},
                    "contacts_attributes": [{"name": "王府井"}],
                    "labels": ["重点", "VIP"]
                }
            })),
            headers: &[],
        },
        Case {
            method: "PUT",
            template: "/api/v2/customers/:id",
            call: call!(|c| c
                .customers()
                .update(831)
                .name("新名字")
                .check_duplicates("false")),
            path: "/api/v2/customers/831",
            query: &[],
            body: Some(json!({"check_duplicates": "false", "customer": {"name": "新名字"}})),
            headers: &[],
        },
        Case {
            method: "GET",
            template: "/api/v2/events/:id",
            call: call!(|c| c.events().get(52748)),
            path: "/api/v2/events/52748",
            query: &[],
            body: None,
            headers: &[],
        },
        Case {
            method: "POST",
            template: "/api/v2/opportunities/:id/product_assets",
            call: call!(|c| c.opportunities().create_product_asset(
                13293,
                5,
                dec("2"),
                dec("19800.0"),
                "备注"
            )),
            path: "/api/v2/opportunities/13293/product_assets",
            query: &[],
            body: Some(json!({
                "product_asset": {"product_id": 5, "quantity": "2", "recommended_unit_price": "19800.0", "remark": "备注"}
            })),
            headers: &[],
        },
        Case {
            method: "GET",
            template: "/api/v2/opportunities/:id",
            call: call!(|c| c.opportunities().get(13293)),
            path: "/api/v2/opportunities/13293",
            query: &[],
            body: None,
            headers: &[],
        },
        Case {
            method: "PUT",
            template: "/api/v2/opportunities/:id",
            call: call!(|c| c
                .opportunities()
                .update(568587, "新标题", 1522636)
                .expect_amount(dec("20000.0"))
                .note("备注")
                .send()),
            path: "/api/v2/opportunities/568587",
            query: &[],
            body: Some(json!({
                "opportunity": {"title": "新标题", "customer_id": 1522636, "expect_amount": "20000.0", "note": "备注"}
            })),
            headers: &[],
        },
        Case {
            method: "GET",
            template: "/api/v2/permissions",
            call: call!(|c| c.permissions().list()),
            path: "/api/v2/permissions",
            query: &[],
            body: None,
            headers: &[],
        },
        Case {
            method: "GET",
            template: "/api/v2/products",
            call: call!(|c| c.products().list().query("CRM").per_page(100)),
            path: "/api/v2/products",
            query: &[("per_page", "100"), ("query", "CRM")],
            body: None,
            headers: &[],
        },
        Case {
            method: "GET",
            template: "/api/v2/products/product_assets",
            call: call!(|c| c.products().product_assets("Contract", 104)),
            path: "/api/v2/products/product_assets",
            query: &[("entity_type", "Contract"), ("entity_id", "104")],
            body: None,
            headers: &[],
        },
        Case {
            method: "POST",
            template: "/api/v2/revisit_logs",
            call: call!(|c| c
                .revisit_logs()
                .create(576543, "Opportunity")
                .content("电话沟通")
                .loggable_attributes_format("stage", "3511")
                .attachment_ids(vec![1, 2])
                .lat(dec("31.199272"))),
            path: "/api/v2/revisit_logs",
            query: &[],
            body: Some(json!({
                "revisit_log": {"loggable_id": 576543, "content": "电话沟通", "loggable_type": "Opportunity", "lat": "31.199272",
                    "loggable_attributes": {"stage": "3511"}},
                "attachment_ids": [1, 2]
            })),
            headers: &[],
        },
        Case {
            method: "GET",
            template: "/api/v2/revisit_logs/new_index",
            call: call!(|c| c
                .revisit_logs()
                .new_index()
                .start_date("2024-01-01")
                .end_date("2024-01-31")
                .loggable_type("Customer")),
            path: "/api/v2/revisit_logs/new_index",
            query: &[
                ("start_date", "2024-01-01"),
                ("end_date", "2024-01-31"),
                ("loggable_type", "Customer"),
            ],
            body: None,
            headers: &[],
        },
        Case {
            method: "GET",
            template: "/api/v2/schedule_reports",
            call: call!(|c| c.schedule_reports().list().tab_type("mine")),
            path: "/api/v2/schedule_reports",
            query: &[("tab_type", "mine")],
            body: None,
            headers: &[],
        },
        Case {
            method: "GET",
            template: "/api/call_centers/interface/call_agents",
            call: call!(|c| c
                .call_centers()
                .call_agents("cc-token")
                .agent_id("a-9")
                .per_page(20)),
            path: "/api/call_centers/interface/call_agents",
            query: &[("agent_id", "a-9"), ("per_page", "20")],
            body: None,
            headers: &[("access-token", "cc-token")],
        },
        Case {
            method: "GET",
            template: "/api/call_centers/interface/users",
            call: call!(|c| c
                .call_centers()
                .users("corp-1", vec![3, 4], "cc-token")
                .page(2)),
            path: "/api/call_centers/interface/users",
            query: &[
                ("corp_id", "corp-1"),
                ("user_ids[]", "3"),
                ("user_ids[]", "4"),
                ("page", "2"),
            ],
            body: None,
            headers: &[("access-token", "cc-token")],
        },
        Case {
            method: "GET",
            template: "/api/v2/common_customers/common_settings",
            call: call!(|c| c.common_customers().common_settings()),
            path: "/api/v2/common_customers/common_settings",
            query: &[],
            body: None,
            headers: &[],
        },
        Case {
            method: "POST",
            template: "/api/v2/common_customers",
            call: call!(|c| c.common_customers().create(45).name("新客户")),
            path: "/api/v2/common_customers",
            query: &[],
            body: Some(json!({"common_id": 45, "customer": {"name": "新客户"}})),
            headers: &[],
        },
        Case {
            method: "GET",
            template: "/api/v2/common_customers/:id/opportunities",
            call: call!(|c| c.common_customers().list_opportunities(82381).page(1)),
            path: "/api/v2/common_customers/82381/opportunities",
            query: &[("page", "1")],
            body: None,
            headers: &[],
        },
        Case {
            method: "GET",
            template: "/api/v2/common_leads/:id/members",
            call: call!(|c| c.common_leads().list_members(12).query("张")),
            path: "/api/v2/common_leads/12/members",
            query: &[("query", "张")],
            body: None,
            headers: &[],
        },
        Case {
            method: "GET",
            template: "/api/v2/contacts/:id",
            call: call!(|c| c.contacts().get(20583)),
            path: "/api/v2/contacts/20583",
            query: &[],
            body: None,
            headers: &[],
        },
        Case {
            method: "PUT",
            template: "/api/v2/contacts/:id",
            call: call!(|c| c
                .contacts()
                .update(20583)
                .name("王经理")
                .address_attributes_tel("010-64881989")),
            path: "/api/v2/contacts/20583",
            query: &[],
            body: Some(
                json!({"contact": {"name": "王经理", "address_attributes": {"tel": "010-64881989"}}}),
            ),
            headers: &[],
        },
        Case {
            method: "GET",
            template: "/api/v2/contracts/:contract_id/received_payments/:id",
            call: call!(|c| c.contracts().get_received_payment(831, 12)),
            path: "/api/v2/contracts/831/received_payments/12",
            query: &[],
            body: None,
            headers: &[],
        },
        Case {
            method: "GET",
            template: "/api/v2/contracts/:id/received_payment_plans/:receive_payment_plan_id",
            call: call!(|c| c.contracts().get_received_payment_plan(831, 5)),
            path: "/api/v2/contracts/831/received_payment_plans/5",
            query: &[],
            body: None,
            headers: &[],
        },
        Case {
            method: "GET",
            template: "/api/v2/contracts/:id/assist_users",
            call: call!(|c| c.contracts().list_assist_users(831)),
            path: "/api/v2/contracts/831/assist_users",
            query: &[],
            body: None,
            headers: &[],
        },
        Case {
            method: "GET",
            template: "/api/v2/contracts/:contract_id/product_assets",
            call: call!(|c| c.contracts().list_product_assets(831)),
            path: "/api/v2/contracts/831/product_assets",
            query: &[],
            body: None,
            headers: &[],
        },
        Case {
            method: "GET",
            template: "/api/v2/contracts/:contract_id/received_payments",
            call: call!(|c| c.contracts().list_received_payments(831).per_page(50)),
            path: "/api/v2/contracts/831/received_payments",
            query: &[("per_page", "50")],
            body: None,
            headers: &[],
        },
        Case {
            method: "GET",
            template: "/api/v2/custom_fields/by_group_all",
            call: call!(|c| c.custom_fields().by_group_all()),
            path: "/api/v2/custom_fields/by_group_all",
            query: &[],
            body: None,
            headers: &[],
        },
        Case {
            method: "GET",
            template: "/api/v2/customers/by_name",
            call: call!(|c| c.customers().by_name().query("速度")),
            path: "/api/v2/customers/by_name",
            query: &[("query", "速度")],
            body: None,
            headers: &[],
        },
        Case {
            method: "DELETE",
            template: "/api/v2/customers/:id",
            call: call!(|c| c.customers().delete(18)),
            path: "/api/v2/customers/18",
            query: &[],
            body: None,
            headers: &[],
        },
        Case {
            method: "GET",
            template: "/api/v2/customers/:id",
            call: call!(|c| c.customers().get(82381)),
            path: "/api/v2/customers/82381",
            query: &[],
            body: None,
            headers: &[],
        },
        Case {
            method: "GET",
            template: "/api/v2/customers",
            call: call!(|c| c.customers().list().user_id(7).sort("created_at")),
            path: "/api/v2/customers",
            query: &[("sort", "created_at"), ("user_id", "7")],
            body: None,
            headers: &[],
        },
        Case {
            method: "GET",
            template: "/api/v2/customers/:id/assist_users",
            call: call!(|c| c.customers().list_assist_users(82381)),
            path: "/api/v2/customers/82381/assist_users",
            query: &[],
            body: None,
            headers: &[],
        },
        Case {
            method: "GET",
            template: "/api/v2/customers/:id/opportunities",
            call: call!(|c| c.customers().list_opportunities(82381)),
            path: "/api/v2/customers/82381/opportunities",
            query: &[],
            body: None,
            headers: &[],
        },
        Case {
            method: "GET",
            template: "/api/v2/customers/new_from_lead",
            call: call!(|c| c.customers().new_from_lead(83022)),
            path: "/api/v2/customers/new_from_lead",
            query: &[("lead_id", "83022")],
            body: None,
            headers: &[],
        },
        Case {
            method: "GET",
            template: "/api/v2/duplicates/matching_name",
            call: call!(|c| c.duplicates().matching_name("贸易公司")),
            path: "/api/v2/duplicates/matching_name",
            query: &[("name", "贸易公司")],
            body: None,
            headers: &[],
        },
        Case {
            method: "POST",
            template: "/api/v2/leads/:id/take",
            call: call!(|c| c.leads().take(83022)),
            path: "/api/v2/leads/83022/take",
            query: &[],
            body: None,
            headers: &[],
        },
        Case {
            method: "GET",
            template: "/api/v2/schedule_reports/:id",
            call: call!(|c| c.schedule_reports().get(9)),
            path: "/api/v2/schedule_reports/9",
            query: &[],
            body: None,
            headers: &[],
        },
        Case {
            method: "GET",
            template: "/api/v2/user/:id",
            call: call!(|c| c.user().get(441)),
            path: "/api/v2/user/441",
            query: &[],
            body: None,
            headers: &[],
        },
        Case {
            method: "GET",
            template: "/api/v2/user/list",
            call: call!(|c| c.user().list().department_id(3)),
            path: "/api/v2/user/list",
            query: &[("department_id", "3")],
            body: None,
            headers: &[],
        },
    ]
}

fn case_for<'a>(cases: &'a [Case], r: &MockRoute) -> Vec<&'a Case> {
    cases
        .iter()
        .filter(|c| c.method == r.method && c.template == r.path)
        .collect()
}

#[test]
fn every_route_has_exactly_one_case() {
    let routes = ikcrm::mock::routes();
    let cases = cases();
    assert!(!routes.is_empty());
    let untested: Vec<String> = routes
        .iter()
        .filter(|r| case_for(&cases, r).len() != 1)
        .map(route_name)
        .collect();
    let stale: Vec<String> = cases
        .iter()
        .filter(|c| {
            !routes
                .iter()
                .any(|r| c.method == r.method && c.template == r.path)
        })
        .map(|c| format!("{} {}", c.method, c.template))
        .collect();
    assert!(
        untested.is_empty(),
        "documented operations without exactly one wire test in tests/tests/it/operations.rs: {untested:#?}"
    );
    assert!(
        stale.is_empty(),
        "wire tests for operations that are no longer documented: {stale:#?}"
    );
}

/// Each operation against a server that knows only its own route: the call
/// succeeds (the mock checked method, path, auth header and required parameters,
/// and the documented example decoded into the typed result), and the recorded
/// request is exactly the expected one.
#[tokio::test]
async fn every_operation_sends_the_documented_request() {
    let cases = cases();
    for route in ikcrm::mock::routes() {
        let name = route_name(&route);
        let [case] = case_for(&cases, &route)[..] else {
            panic!("no single case for {name} (see every_route_has_exactly_one_case)");
        };
        let server = serve(vec![route]).await;
        let result = (case.call)(client(&server)).await;
        assert!(result.is_ok(), "{name}: {:?}", result.err());
        let req = only_request(&server).await;
        assert_eq!(req.method, case.method, "{name}: method");
        assert_eq!(req.url.path(), case.path, "{name}: path");
        let query: Vec<(String, String)> = case
            .query
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        assert_eq!(req.query_pairs(), query, "{name}: query");
        // The standard auth header, or the operation's own token header instead.
        let auth = route.token_header.is_none().then_some(AUTHORIZATION);
        assert_eq!(req.header("authorization"), auth, "{name}: auth header");
        for (header, value) in case.headers {
            assert_eq!(req.header(header), Some(*value), "{name}: header {header}");
        }
        if let Some(own) = route.token_header {
            assert!(
                case.headers
                    .iter()
                    .any(|(h, _)| h.eq_ignore_ascii_case(own)),
                "{name}: the case must check the token header {own}"
            );
        }
        match &case.body {
            None => assert_eq!(req.text(), "", "{name}: no body"),
            Some(body) => {
                assert_eq!(
                    req.json().as_ref(),
                    Some(body),
                    "{name}: JSON body {}",
                    req.text()
                );
                assert_eq!(
                    req.header("content-type"),
                    Some("application/json"),
                    "{name}: content type"
                );
            }
        }
    }
}

/// The whole mock (`ikcrm::mock::start()`) answers every operation, and a literal
/// path segment wins over a parameter (`/contracts/new_from_opportunity` is not
/// `/contracts/:id`).
#[tokio::test]
async fn the_full_mock_routes_each_operation_to_its_own_route() {
    let routes = ikcrm::mock::routes();
    for r in &routes {
        let concrete: Vec<&str> = r
            .path
            .split('/')
            .map(|s| {
                if s.starts_with(':') || s.starts_with('{') {
                    "1"
                } else {
                    s
                }
            })
            .collect();
        let concrete = concrete.join("/");
        let first = routes
            .iter()
            .find(|x| x.method == r.method && template_matches(x.path, &concrete))
            .expect("the route matches itself");
        assert_eq!(
            first.path,
            r.path,
            "{} {concrete} is answered by {}",
            r.method,
            route_name(first)
        );
    }
    let server = ikcrm::mock::start().await;
    let c = client(&server);
    for case in cases() {
        let result = (case.call)(c.clone()).await;
        assert!(
            result.is_ok(),
            "{} {}: {:?}",
            case.method,
            case.template,
            result.err()
        );
    }
    assert_eq!(received(&server).await.len(), routes.len());
}

/// Query values are percent-encoded on the wire (`&`, `=`, space and UTF-8 cannot
/// change the query), Rails brackets included.
#[tokio::test]
async fn query_is_percent_encoded_on_the_wire() {
    let server = ikcrm::mock::start().await;
    client(&server)
        .contacts()
        .list()
        .query("王 府&井=1")
        .await
        .expect("ok");
    assert_eq!(
        only_request(&server).await.url.query().unwrap_or(""),
        "query=%E7%8E%8B%20%E5%BA%9C%26%E4%BA%95%3D1"
    );
    // Rails-style nesting and arrays, as the generated builders encode them.
    let mut pairs = Vec::new();
    ikcrm::runtime::rails::push_query(&mut pairs, "ids", &json!([1, 2]));
    ikcrm::runtime::rails::push_query(&mut pairs, "opportunity", &json!({"title": "x y"}));
    assert_eq!(
        ikcrm::runtime::encode_query(&pairs),
        "ids%5B%5D=1&ids%5B%5D=2&opportunity%5Btitle%5D=x%20y"
    );
}

/// Path parameters are percent-encoded segments: nothing in a value can add a
/// segment, a query or a fragment. (Every documented path parameter is an integer
/// id, so this is checked on the function the builders call.)
#[test]
fn path_parameters_are_percent_encoded() {
    use ikcrm::runtime::encode_path_segment as enc;
    assert_eq!(enc("13293"), "13293");
    assert_eq!(enc("a/b?c#d e"), "a%2Fb%3Fc%23d%20e");
    assert_eq!(enc(".."), "%2E%2E");
    assert_eq!(enc("销"), "%E9%94%80");
}

/// The mock rejects what the real API rejects: unknown method + path, a missing
/// required parameter, a missing or malformed `Authorization` header.
#[tokio::test]
async fn the_mock_checks_method_path_auth_and_required_parameters() {
    use ikcrm::runtime::ApiRequest;
    let server = ikcrm::mock::start().await;
    let c = client(&server);
    // Wrong method for a documented path.
    let req = ApiRequest::new(
        reqwest_method("PATCH"),
        "x",
        "/api/v2/opportunities/:id",
        "/api/v2/opportunities/1",
    );
    let err = c.send::<Value>(req).await.expect_err("unknown route");
    assert_eq!(err.code(), Some(ikcrm::codes::RECORD_NOT_FOUND), "{err}");
    // A required query parameter missing.
    let req = ApiRequest::new(
        reqwest_method("GET"),
        "x",
        "/api/v2/contracts",
        "/api/v2/contracts",
    )
    .query_pair("entity", "customer");
    let err = c.send::<Value>(req).await.expect_err("missing entity_id");
    assert!(err.to_string().contains("entity_id"), "{err}");
    // A required body path missing.
    let req = ApiRequest::new(
        reqwest_method("PUT"),
        "x",
        "/api/v2/opportunities/:id",
        "/api/v2/opportunities/1",
    )
    .with_body(json!({"opportunity": {"title": "t"}}));
    let err = c.send::<Value>(req).await.expect_err("missing customer_id");
    assert!(
        err.to_string().contains("opportunity[customer_id]"),
        "{err}"
    );
    // No / malformed Authorization header (raw HTTP: the client always sends one).
    for auth in [
        "",
        "Authorization: Bearer x\r\n",
        "Authorization: Token token=t, device=ios, version_code=9.9.9\r\n",
    ] {
        let head = raw_get(&server, "/api/v2/opportunities/1", auth).await;
        assert!(head.starts_with("HTTP/1.1 401"), "{auth:?}: {head}");
    }
    let head = raw_get(
        &server,
        "/api/v2/opportunities/1",
        &format!("Authorization: {AUTHORIZATION}\r\n"),
    )
    .await;
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
}

/// A user's own wiremock mock goes beside the documented ones: at wiremock's
/// default priority it answers first, for what it matches only; at a priority
/// below ours the documented example still answers.
#[tokio::test]
async fn a_user_mock_beside_the_documented_ones_answers_first() {
    use ikcrm::mock::wiremock::matchers::{method, path};
    use ikcrm::mock::wiremock::Mock;
    let server = ikcrm::mock::start().await;
    let c = client(&server);
    let documented = c.opportunities().get(13293).await.expect("documented");
    assert_eq!(documented.title(), Some("454"));
    Mock::given(method("GET"))
        .and(path("/api/v2/opportunities/7"))
        .respond_with(json(200, ok(json!({"id": 7, "title": "mine"}))))
        .mount(&server)
        .await;
    let mine = c.opportunities().get(7).await.expect("the user's mock");
    assert_eq!((mine.id(), mine.title()), (Some(7), Some("mine")));
    let other = c.opportunities().get(8).await.expect("documented");
    assert_eq!(other.title(), Some("454"));
    Mock::given(method("GET"))
        .and(path("/api/v2/opportunities/9"))
        .respond_with(json(503, "{}"))
        .with_priority(ikcrm::mock::ROUTE_PRIORITY + 1)
        .mount(&server)
        .await;
    let ours = c.opportunities().get(9).await.expect("ours first");
    assert_eq!(ours.title(), Some("454"));
    let paths: Vec<String> = received(&server)
        .await
        .iter()
        .map(|r| r.url.path().to_owned())
        .collect();
    assert_eq!(
        paths,
        [
            "/api/v2/opportunities/13293",
            "/api/v2/opportunities/7",
            "/api/v2/opportunities/8",
            "/api/v2/opportunities/9"
        ]
    );
}

/// wiremock is compiled only for the `mock` feature: an optional dependency that
/// nothing but `mock` enables (the default build does not pull it).
#[test]
fn the_mock_is_an_optional_dependency() {
    let text = std::fs::read_to_string(ikcrm_tests::repo().join("generated/Cargo.toml"))
        .expect("read generated/Cargo.toml");
    let manifest: toml::Table = text.parse().expect("Cargo.toml parses");
    let wiremock = &manifest["dependencies"]["wiremock"];
    assert_eq!(wiremock.get("optional"), Some(&toml::Value::Boolean(true)));
    let features = manifest["features"].as_table().expect("[features]");
    for (name, enables) in features {
        let enables = enables.as_array().expect("a feature list");
        let pulls = enables
            .iter()
            .any(|e| e.as_str().is_some_and(|e| e.contains("wiremock")));
        assert_eq!(pulls, name == "mock", "feature {name}: {enables:?}");
    }
    assert_eq!(features["default"].as_array().map(Vec::len), Some(0));
}

fn reqwest_method(m: &str) -> reqwest::Method {
    m.parse().expect("method")
}

async fn raw_get(server: &MockServer, path: &str, extra: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut s = tokio::net::TcpStream::connect(server.address())
        .await
        .expect("connect");
    let req = format!("GET {path} HTTP/1.1\r\nHost: x\r\n{extra}Connection: close\r\n\r\n");
    s.write_all(req.as_bytes()).await.expect("write");
    let mut out = String::new();
    s.read_to_string(&mut out).await.expect("read");
    out
}

/// The example program (`generated/examples/get_one.rs`), its functions tested here
/// against the mock; `cargo test` builds the program itself.
#[allow(dead_code, unexpected_cfgs)]
#[path = "../../../generated/examples/get_one.rs"]
mod get_one;

/// `get_one --mock 13293` prints a readable opportunity from the mock: its members
/// that hold something, as indented JSON.
#[tokio::test]
async fn the_example_program_prints_a_readable_record_from_the_mock() {
    use get_one::{parse_args, Args};
    let args = |a: &[&str]| parse_args(a.iter().map(|s| s.to_string()));
    assert_eq!(
        args(&["--mock", "13293"]),
        Ok(Args {
            mock: true,
            id: 13293
        })
    );
    assert_eq!(args(&["7"]), Ok(Args { mock: false, id: 7 }));
    assert_eq!(
        args(&[]),
        Ok(Args {
            mock: false,
            id: 13293
        })
    );
    assert!(args(&["--mock", "x"]).is_err_and(|e| e.contains("`x` is not a number")));
    let server = ikcrm::mock::start().await;
    let text = get_one::fetch(&client(&server), 13293)
        .await
        .expect("the mock answers");
    assert!(text.starts_with("opportunities 13293:\n{"), "{text}");
    assert!(text.contains("\n  \"title\": \"454\""), "{text}");
    assert!(
        !text.contains("null") && !text.contains("\"\"") && !text.contains("{}"),
        "{text}"
    );
    let value: Value =
        serde_json::from_str(&text["opportunities 13293:\n".len()..]).expect("the rest is JSON");
    assert_eq!(value["id"], 13293);
}
