//! Stage 1 on real excerpts, one test per defect or template variant.

use codegen::ir::{ExampleKind, Method};
use codegen::page::{clean_path, parse_page, PageKind, ParsedPage, RawEndpoint};

fn one(text: &str) -> (RawEndpoint, ParsedPage) {
    let page = parse_page("x.txt", text);
    assert_eq!(page.kind, PageKind::Api, "{page:#?}");
    assert_eq!(page.endpoints.len(), 1, "{page:#?}");
    (page.endpoints[0].clone(), page)
}

fn sig(e: &RawEndpoint) -> (Option<Method>, Option<String>) {
    (
        e.method
            .as_ref()
            .and_then(|m| Method::parse_loose(&m.value)),
        e.url.as_ref().and_then(|u| clean_path(&u.value)),
    )
}

const BULLETS: &str = "简要描述:

  • 修改商机接口

请求URL:

  • /api/v2/opportunities/:id

  • url请求参数说明
字段名 是否必填 描述
id true 商机的id,替换掉url的:id

请求方式:

  • PUT

请求参数:

字段名 是否必填 描述
opportunity[title] true 商机标题
opportunity[stage] false 销售阶段 调用 GET /api/v2/field_maps/opportunity 获取对应的值

请求参数json例子:


{
  \"opportunity\": {
    \"title\": \"ccc\"
  }
}

返回示例:

正确时返回:

{
  \"code\": 0
}

文档更新时间: 2025-04-29 14:18   作者:陈胜海
";

#[test]
fn bullet_rendering_with_space_tables() {
    let (e, page) = one(BULLETS);
    assert!(page.diagnostics.is_empty(), "{:?}", page.diagnostics);
    assert_eq!(
        sig(&e),
        (Some(Method::Put), Some("/api/v2/opportunities/:id".into()))
    );
    let url = e.url.as_ref().unwrap();
    assert_eq!((url.line, url.column), (7, 5));
    assert_eq!(e.summary.as_ref().unwrap().value, "修改商机接口");
    assert_eq!(e.path_params.len(), 1);
    assert_eq!(e.path_params[0].required, Some(true));
    assert_eq!(e.params.len(), 2);
    // the description column keeps its spaces
    assert_eq!(
        e.params[1].description,
        "销售阶段 调用 GET /api/v2/field_maps/opportunity 获取对应的值"
    );
    assert_eq!(e.params[1].required, Some(false));
    assert_eq!(e.examples.len(), 2);
    assert_eq!(
        (e.examples[0].kind, e.examples[0].line),
        (ExampleKind::Request, 26)
    );
    assert_eq!(e.examples[0].label.as_deref(), Some("请求参数json例子"));
    assert_eq!(e.examples[1].kind, ExampleKind::Success);
    assert_eq!(e.examples[1].text, "{\n  \"code\": 0\n}");
    assert_eq!(e.updated_at.as_deref(), Some("2025-04-29 14:18"));
    assert_eq!(e.author.as_deref(), Some("陈胜海"));
}

#[test]
fn pipe_rendering_path_table_under_url_and_lost_url() {
    let text = "简要描述:
- 商机详情接口
请求URL:
字段名 | 是否必填 | 描述 |
---|---|---|
id | true | 商机的id,替换掉url的:id |
请求方式:
- GET
请求头:
- 请参考接口必读
返回示例:
正确时返回:
{
\"code\": 0,
\"data\": {
\"id\": 13293
}
}
错误时返回:
{
\"code\": 100100,
\"error\": \"active_record/record_not_found\"
}
文档更新时间: 2025-04-29 14:18 作者:陈胜海
";
    let (e, _) = one(text);
    assert_eq!(
        sig(&e),
        (Some(Method::Get), None),
        "the URL line is lost, no path is invented"
    );
    assert_eq!(e.path_params.len(), 1);
    assert_eq!(e.path_params[0].name, "id");
    let kinds: Vec<_> = e.examples.iter().map(|x| (x.kind, x.line)).collect();
    assert_eq!(
        kinds,
        vec![(ExampleKind::Success, 13), (ExampleKind::Error, 20)]
    );
}

#[test]
fn split_pipe_row_is_joined_with_a_warning() {
    let text = "请求URL:
/api/v2/revisit_logs
请求方式:
- POST
请求参数:
字段名 | 是否必填 | 描述 |
---|---|---|
revisit_log[category] | false | 跟进类型 |
revisit_log[loggable_attributes][:format ] |
false | 跟进状态(跟进对象为商机时:format 替换为stage ,其它类型为status ) |
attachment_ids[] | false | 跟进图片 |
";
    let (e, page) = one(text);
    let names: Vec<_> = e.params.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "revisit_log[category]",
            "revisit_log[loggable_attributes][:format ]",
            "attachment_ids[]"
        ]
    );
    assert_eq!(e.params[1].required, Some(false));
    assert!(e.params[1].description.starts_with("跟进状态"));
    assert_eq!(page.diagnostics.len(), 1);
    assert_eq!(
        (
            page.diagnostics[0].line,
            page.diagnostics[0].message.contains("split")
        ),
        (9, true)
    );
}

#[test]
fn markdown_cell_continued_on_next_line() {
    let text = "##### 请求URL
- ` http://172.16.46.125:30843/1ce9 `
##### 请求方式
- GET
##### 返回参数说明

|参数名|类型|说明|规则|
|:-----  |:-----|-----  |-----  |
|month |varchar   |月  |  |
|off_qty |bigint   |线索来访次数  |流失时间 in 查询时间周期内 转化状态=有效
线索来源不为（全民营销、）|
|etl_time |datetime   |etl加载时间  |  |
";
    let (e, page) = one(text);
    let names: Vec<_> = e.response_fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["month", "off_qty", "etl_time"]);
    assert!(e.response_fields[1]
        .description
        .ends_with("线索来源不为（全民营销、）"));
    assert_eq!(page.diagnostics.len(), 1);
}

#[test]
fn shifted_required_column_in_space_table() {
    let text = "请求URL:

  • /api/v2/x

请求方式:

  • GET

请求参数:

字段名 是否必填 描述
page false 页码
query 搜索关键字 支持模糊
";
    let (e, page) = one(text);
    assert_eq!(e.params[1].name, "query");
    assert_eq!(e.params[1].required, None);
    assert_eq!(e.params[1].description, "搜索关键字 支持模糊");
    assert_eq!(page.diagnostics.len(), 1);
    assert!(
        page.diagnostics[0].message.contains("shifted"),
        "{:?}",
        page.diagnostics[0]
    );
}

#[test]
fn shifted_and_extra_cells_in_pipe_table() {
    let text = "**请求URL：**
- `/a`

**请求方式：**
- GET

**参数：**

|参数名|必选|类型|说明|
|:----    |:---|:----- |-----   |
|id |商品ID |
|page |否  |INT |页数 | x |
|size |否  |INT |条数 |||
";
    let (e, page) = one(text);
    assert_eq!(
        (e.params[0].required, e.params[0].ty.as_deref()),
        (None, Some("商品ID"))
    );
    assert_eq!(e.params[1].required, Some(false));
    assert_eq!(e.params[2].description, "条数");
    let msgs: Vec<_> = page
        .diagnostics
        .iter()
        .map(|d| (d.line, d.message.clone()))
        .collect();
    assert_eq!(msgs.len(), 2, "{msgs:?}");
    assert!(msgs[0].1.contains("shifted") && msgs[0].0 == 11);
    assert!(msgs[1].1.contains("extra cells") && msgs[1].0 == 12);
}

#[test]
fn required_column_variants() {
    let text = "**请求URL：**
- `/a`
**请求方式：**
- POST
**参数：**

|参数名称|参数说明|in|是否必须|数据类型|schema|
| -------- | -------- | ----- | -------- | -------- | ------ |
|&emsp;a|A||true|boolean||
|&emsp;b|B||false|list&lt;Long>||

| Parameter Name | Required | Type | Description |
|:---|:---|:---|:---|
|c|Yes|string|C|
|d|No|string|D|
|e|必选|string|E|
|f|可选|string|F|
|g|Y|string|G|
|h|N|string|H|
|i|否（默认查PMS-SKU） 2PMS-SKU|string|I|
";
    let (e, page) = one(text);
    let got: Vec<_> = e
        .params
        .iter()
        .map(|p| (p.name.as_str(), p.required))
        .collect();
    let t = Some(true);
    let f = Some(false);
    assert_eq!(
        got,
        [
            ("a", t),
            ("b", f),
            ("c", t),
            ("d", f),
            ("e", t),
            ("f", f),
            ("g", t),
            ("h", f),
            ("i", f)
        ]
    );
    assert_eq!(
        e.params[1].ty.as_deref(),
        Some("list<Long>"),
        "entities decoded"
    );
    assert!(page.diagnostics.is_empty(), "{:?}", page.diagnostics);
}

#[test]
fn html_entities_and_columns_in_any_order() {
    let text = "**请求URL：**
- ` /lms/sku/getSkuCostDiscount
**请求方式：**
- <font color=red>POST</font>
**请求示例：**
```
{
    \"data\":[\"SKU编码1\"]
}
```

|参数名|类型|说明|必选|
|:----    |:---|:----- |-----   |
|data |List&lt;String&gt; |SKU&amp;编码<br/>多个 &quot;x&quot;|是|
";
    let (e, _) = one(text);
    assert_eq!(
        sig(&e),
        (
            Some(Method::Post),
            Some("/lms/sku/getSkuCostDiscount".into())
        )
    );
    assert_eq!(e.method.as_ref().unwrap().value, "POST");
    let p = &e.params[0];
    assert_eq!(
        (p.ty.as_deref(), p.required),
        (Some("List<String>"), Some(true))
    );
    assert_eq!(p.description, "SKU&编码\n多个 \"x\"");
    assert_eq!(e.examples[0].kind, ExampleKind::Request);
}

#[test]
fn english_showdoc_headings() {
    let text = "## 5 Bulk SMS（json）

**Brief description:**
* International bulk sms API（JSON version）

**Request URL:**
* http://intapi.253.com/send

**Request Method:**
* POST<br/>
content-type：application/json

**Parameter：**

|Parameter Name|Required|Type|Description|
|:---|:---|:---|:---|
|account|Yes|string|Account|

**Return Parameter Description**

|Parameter name|type|description|
|:---|:---|:---|
|code|string|return code|

**Return Sample ( Delivery error)**
```json
{
  \"code\": \"123\"
}
```
";
    let (e, page) = one(text);
    assert_eq!(sig(&e), (Some(Method::Post), Some("/send".into())));
    assert_eq!(
        e.summary.as_ref().unwrap().value,
        "International bulk sms API（JSON version）"
    );
    assert_eq!(e.params[0].name, "account");
    assert_eq!(e.response_fields[0].name, "code");
    assert_eq!(
        (e.examples[0].kind, e.examples[0].label.as_deref()),
        (ExampleKind::Error, Some("Delivery error"))
    );
    assert!(page.diagnostics.is_empty());
}

#[test]
fn http_request_template_with_sub_tables() {
    let text = "返回用户权限列表

HTTP Request

GET /api/v2/permissions

  • customer_approve 是否开启了客户审核
字段 类型 说明
permissions Array Permission对象数组,Permission见详细说明
features Object 企业开启的功能和自定义业务。

Permission详细说明

字段 类型 说明
id ID 权限ID
name string 权限名称。

返回数据示例

{
    \"code\": 0,
    \"data\": {
";
    let (e, _) = one(text);
    assert_eq!(
        sig(&e),
        (Some(Method::Get), Some("/api/v2/permissions".into()))
    );
    assert_eq!(e.title.as_ref().unwrap().value, "返回用户权限列表");
    let fields: Vec<_> = e
        .response_fields
        .iter()
        .map(|f| (f.group.as_deref(), f.name.as_str()))
        .collect();
    assert_eq!(
        fields,
        [
            (None, "permissions"),
            (None, "features"),
            (Some("Permission"), "id"),
            (Some("Permission"), "name")
        ]
    );
    assert_eq!(e.examples.len(), 1);
    assert_eq!(
        e.examples[0].text, "{\n    \"code\": 0,\n    \"data\": {",
        "truncated: runs to end of page"
    );
}

#[test]
fn several_apis_per_file_under_h3_headings() {
    let text = "### 角色

### 列表

**请求URL：**
- `/api/admin/role/`

**请求方式：**
- GET

 **返回示例**

```
{\"code\": 200}
```

### 显示某条资源

**请求URL：**
- `/api/admin/role/:id`
>:id 为要查看的资源ID

**请求方式：**
- GET

### 删除

**请求URL：**
- `/api/admin/role/:id`

**请求方式：**
- DELETE

### 获取菜单树
见auth/menu.md
";
    let page = parse_page("role.md", text);
    let sigs: Vec<_> = page.endpoints.iter().map(sig).collect();
    assert_eq!(
        sigs,
        [
            (Some(Method::Get), Some("/api/admin/role".to_string())),
            (Some(Method::Get), Some("/api/admin/role/:id".to_string())),
            (
                Some(Method::Delete),
                Some("/api/admin/role/:id".to_string())
            ),
        ]
    );
    let titles: Vec<_> = page
        .endpoints
        .iter()
        .map(|e| e.title.as_ref().map(|t| t.value.as_str()))
        .collect();
    assert_eq!(titles, [Some("角色"), Some("显示某条资源"), Some("删除")]);
    assert_eq!(page.endpoints[1].line, 17);
}

#[test]
fn repeated_template_blocks_split_endpoints() {
    let text = "## 简要描述

-导入特殊邮编

## 请求URL
- ` http://{网关}/tms-base/codeDivision/importSpecialCodeRule
## 请求方式
- POST 
## 返回示例 
``` 
{\"code\": 200}
```
********************************************************************************************
## 简要描述

-查询分区名称

## 请求URL
- ` http://{网关}/tms-base/codeDivision/page
## 请求方式
- get 
";
    let page = parse_page("zip.md", text);
    let sigs: Vec<_> = page.endpoints.iter().map(sig).collect();
    assert_eq!(
        sigs,
        [
            (
                Some(Method::Post),
                Some("/tms-base/codeDivision/importSpecialCodeRule".to_string())
            ),
            (
                Some(Method::Get),
                Some("/tms-base/codeDivision/page".to_string())
            ),
        ]
    );
    assert_eq!(
        page.endpoints[1].summary.as_ref().unwrap().value,
        "查询分区名称"
    );
}

#[test]
fn knife4j_inline_values_do_not_split() {
    let text = "**接口地址**:`/{ams-service}/role/grant/roles-menus`


**请求方式**:`POST`


**请求数据类型**:`application/json`


**接口描述**:传入批量授权信息

**请求示例**:


```javascript
{
	\"isAllRole\": false
}
```
";
    let (e, _) = one(text);
    assert_eq!(
        sig(&e),
        (Some(Method::Post), Some("/role/grant/roles-menus".into()))
    );
    assert_eq!(e.summary.as_ref().unwrap().value, "传入批量授权信息");
    assert_eq!(e.examples[0].kind, ExampleKind::Request);
}

#[test]
fn success_and_failure_in_one_fence() {
    let text = "**请求URL：**

* /contracts/employees/userToken/{employeeId}

**请求方式：**

* GET 

**返回结果示例**

```
成功示例
{
    \"userToken\":\"[userToken]\"
}
失败示例
{
    \"code\": \"1001\",
    \"message\": \"accessToken无效\"
}
```
";
    let (e, _) = one(text);
    assert_eq!(
        sig(&e).1.as_deref(),
        Some("/contracts/employees/userToken/{employeeId}")
    );
    let ex: Vec<_> = e
        .examples
        .iter()
        .map(|x| (x.kind, x.label.as_deref(), x.line))
        .collect();
    assert_eq!(
        ex,
        [
            (ExampleKind::Success, Some("成功示例"), 13),
            (ExampleKind::Error, Some("失败示例"), 17)
        ]
    );
}

#[test]
fn java_code_before_request_json_and_response_after_table() {
    let text = "**请求URL：** 
- `  {{服务中心网关地址}}/api/sku/getSkuDetailBySkuCodeExtends`
**请求方式：**
- Post 
**请求示例：**
``` 
@PostMapping(\"/api/sku/getSkuDetailBySkuCodeExtends\")
R&lt;List&lt;SkuVO>> post(@RequestParam List&lt;SkuDetailByCodeExtend> x)

[{
		\"productSku\":[\"SKU编码1\"]
}]
```

|参数名|类型|说明|必选|
|:----    |:---|:----- |-----   |
|skuDetailByCodeExtend |Object  |条件封装 |是|
``` 
{
    \"code\": 200
}
```
";
    let (e, _) = one(text);
    assert_eq!(
        sig(&e),
        (
            Some(Method::Post),
            Some("/api/sku/getSkuDetailBySkuCodeExtends".into())
        )
    );
    assert_eq!(e.examples.len(), 2);
    assert_eq!(
        (e.examples[0].kind, e.examples[0].line),
        (ExampleKind::Request, 10)
    );
    assert!(e.examples[0].text.starts_with("[{"));
    assert_eq!(e.examples[1].kind, ExampleKind::Success);
}

#[test]
fn json_blocks_in_text_renderings() {
    // balanced: ends where brackets balance, strings with brackets and escapes are skipped
    let text = "请求URL:\n/api/a\n请求方式:\n- GET\n返回示例:\n正确时返回:\n{\n\"a\": \"}{\\\"[\",\n\"b\": [1, 2]\n}\n错误时返回:\n{\"code\": 1}文档更新时间: 2025-04-29 14:18 作者:姜河\n";
    let (e, _) = one(text);
    assert_eq!(
        e.examples[0].text,
        "{\n\"a\": \"}{\\\"[\",\n\"b\": [1, 2]\n}"
    );
    assert_eq!(e.examples[1].text, "{\"code\": 1}", "glued footer cut off");
    assert_eq!(e.examples[1].kind, ExampleKind::Error);
    assert_eq!(e.author.as_deref(), Some("姜河"));
    // truncated mid-JSON: runs to the next heading
    let text = "请求URL:\n/api/a\n请求方式:\n- GET\n正确时返回:\n{\n\"a\": {\n\"b\": \"x\n返回参数说明:\n暂无\n";
    let (e, _) = one(text);
    assert_eq!(e.examples[0].text, "{\n\"a\": {\n\"b\": \"x");
    // CRLF pages keep their line breaks in the verbatim text
    let text = "请求URL:\r\n/api/a\r\n请求方式:\r\n- GET\r\n正确时返回:\r\n{\r\n\"a\": 1\r\n}\r\n";
    let (e, _) = one(text);
    assert_eq!(sig(&e), (Some(Method::Get), Some("/api/a".into())));
    assert_eq!(e.examples[0].text, "{\r\n\"a\": 1\r\n}");
}

#[test]
fn unrecognised_method_is_reported() {
    let text = "## 请求方式\n- feign调用\nIFloatingRateClient -> getRateAndPlatformConfNew\n";
    let (e, page) = one(text);
    assert_eq!(sig(&e), (None, None));
    assert_eq!(page.diagnostics.len(), 1);
    let d = &page.diagnostics[0];
    assert_eq!((d.line, d.column), (2, 3));
    let mut sources = codegen::diag::SourceMap::new();
    sources.insert("x.txt", text);
    assert!(d.display(&sources).to_string().contains("help:"));
}

#[test]
fn guides_and_readmes_are_not_api_pages() {
    let readme = "# freshdesk\n\nInstall with `composer install`.\n\n|a|b|\n|-|-|\n|1|2|\n\n```json\n{\"x\": 1}\n```\n";
    let page = parse_page("README.md", readme);
    assert_eq!(page.kind, PageKind::NotApi);
    assert!(page.endpoints.is_empty());
    // The verdict is a note that says what was missing.
    assert_eq!(page.diagnostics.len(), 1, "{:?}", page.diagnostics);
    let d = &page.diagnostics[0];
    assert_eq!(d.severity, codegen::diag::Severity::Note);
    assert_eq!(
        d.message,
        "not an API page: no URL or method section (no URL-like line, no HTTP method)"
    );
    // With a route-like word, the note points at the most API-like line.
    let page = parse_page(
        "guide.md",
        "# 指南\n\n先登录。\n\n接口统一前缀 `/api/v3`，返回 JSON。\n",
    );
    let d = &page.diagnostics[0];
    assert_eq!((d.line, d.column), (5, 9), "{d:?}");
    assert!(
        d.message.ends_with("the most API-like line is here"),
        "{d:?}"
    );
    let guide = "关于域名\n\n请求头\n\n请求接口时,需要在请求头中设置用户token\n\n参数 必填 说明\ntoken 用户access token。\n";
    assert_eq!(parse_page("demo.txt", guide).kind, PageKind::NotApi);
}

#[test]
fn stub_page_with_empty_url_and_method_is_an_api_page() {
    let text =
        "##### 简要描述\n\n- 业务赋能-无效线索\n\n##### 请求URL\n- `  `\n\n##### 请求方式\n- \n";
    let (e, page) = one(text);
    assert_eq!(sig(&e), (None, None));
    assert!(e.url.is_none() && e.method.is_none());
    assert!(
        page.diagnostics.is_empty(),
        "a missing URL is not the parser's error"
    );
}

#[test]
fn hostile_input_never_panics() {
    // arbitrary bytes, decoded lossily
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut bytes = Vec::new();
    for _ in 0..200_000 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let pick = b"{}[]|\"\\:-*#`\n \t\xe4\xbd\xa0\xff<>&;ab";
        bytes.push(pick[(seed % pick.len() as u64) as usize]);
    }
    parse_page("noise", &String::from_utf8_lossy(&bytes));
    // huge line, deep nesting, unclosed string and fence
    parse_page("huge", &format!("请求URL:\n/{}\n", "a".repeat(2_000_000)));
    parse_page(
        "deep",
        &format!("请求方式:\n- GET\n返回示例:\n{}\n", "[".repeat(200_000)),
    );
    parse_page("fence", "**请求方式：**\n- GET\n```json\n{\"a\": \"\n");
    // 100k-line page
    let mut big = String::from(
        "请求URL:\n/api/x\n请求方式:\n- GET\n请求参数:\n字段名 | 是否必填 | 描述 |\n---|---|---|\n",
    );
    for i in 0..100_000 {
        big.push_str(&format!("p{i} | true | d |\n"));
    }
    let start = std::time::Instant::now();
    let page = parse_page("big", &big);
    assert_eq!(page.endpoints[0].params.len(), 100_000);
    assert!(start.elapsed().as_secs() < 20, "linear-ish time");
    // many short tables and captions
    let many = "loggable\n字段 类型 说明\nid Integer x\n\n".repeat(20_000);
    parse_page(
        "many",
        &format!("HTTP Request\nGET /a\n字段 类型 说明\nid Integer x\n{many}"),
    );
}

/// Family pages: a Jekyll page colours its JSON as ```ruby (a mislabelled fence),
/// a hexo table leaves the name column's header empty, and a JS object literal
/// (unquoted keys, single quotes, `//` comments) is the request body.
#[test]
fn mislabelled_fences_unlabelled_name_columns_and_js_literals() {
    let text = "## 创建\n\n{% include method.html method='POST' content='{host}/1.0/group' %}\n\n\
                ### 请求参数\n\n  | 必选 | 类型及范围 | 说明\n--- | --- | --- | ---\n`name` | true | string | 组名\n\n\
                ### 请求示例\n```\n{\n  name: '组名', // 自定义\n  size: 2,\n}\n```\n\n\
                ### 返回示例\n```ruby\n{\n    \"code\": \"0\"\n}\n```\n";
    let (e, _) = one(text);
    assert_eq!(sig(&e), (Some(Method::Post), Some("/1.0/group".into())));
    let names: Vec<(&str, Option<bool>)> = e
        .params
        .iter()
        .map(|p| (p.name.as_str(), p.required))
        .collect();
    assert_eq!(names, [("name", Some(true))]);
    let kinds: Vec<ExampleKind> = e.examples.iter().map(|x| x.kind).collect();
    assert_eq!(kinds, [ExampleKind::Request, ExampleKind::Success]);
    let body = codegen::json::read_lenient(&e.examples[0].text);
    assert_eq!(
        body.value.map(|v| v.to_string()).as_deref(),
        Some(r#"{"name":"组名","size":2}"#)
    );
}

/// The text rendering that puts one table cell per line (`name |`), with a
/// header one column short (no 类型 header: the types sit under 说明, the
/// descriptions under the example column): headers and parameters are read with
/// their types and descriptions.
#[test]
fn tables_with_one_cell_per_line_and_a_type_under_the_description() {
    let text = "请求URL:
/api/shops/list
请求方式:
GET
请求头:
名称 |
必填 |
说明 |
X-Shop-Token |
true |
门店令牌 |
请求参数:
名称 |
必填 |
说明 |
示例(默认) |
shop_id |
true |
int |
门店id |
tags |
false |
array |
标签 |
";
    let (e, page) = one(text);
    let names =
        |ps: &[codegen::page::RawParam]| ps.iter().map(|p| p.name.clone()).collect::<Vec<_>>();
    assert_eq!(names(&e.headers), ["X-Shop-Token"]);
    assert_eq!(e.headers[0].required, Some(true));
    assert_eq!(e.headers[0].description, "门店令牌");
    assert_eq!(names(&e.params), ["shop_id", "tags"]);
    assert_eq!(e.params[0].ty.as_deref(), Some("int"));
    assert_eq!(e.params[0].description, "门店id");
    assert_eq!(e.params[1].required, Some(false));
    assert_eq!(e.params[1].ty.as_deref(), Some("array"));
    assert!(
        page.diagnostics
            .iter()
            .any(|d| d.message.contains("description column holds type names")),
        "{:?}",
        page.diagnostics
    );
}

/// The space rendering of the same table: a header ending in an example column
/// (`参数示例(默认)`) is a table header.
#[test]
fn space_table_with_an_example_column() {
    let text = "请求URL:
/api/shops/list
请求方式:
GET
请求参数:
字段名 是否必填 描述 参数示例(默认)
shop_id true int 门店id
page false int 页码,默认1
";
    let (e, _) = one(text);
    let got: Vec<(String, Option<String>, String)> = e
        .params
        .iter()
        .map(|p| (p.name.clone(), p.ty.clone(), p.description.clone()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "shop_id".to_string(),
                Some("int".to_string()),
                "门店id".to_string()
            ),
            (
                "page".to_string(),
                Some("int".to_string()),
                "页码,默认1".to_string()
            ),
        ]
    );
}

/// HTML renderings: a `<p><span>` block carrying the method and path, and an
/// HTML `<table>` of parameters (rich-text editors export pages so).
#[test]
fn html_span_blocks_and_html_tables() {
    let text = "## 查询门店
<p><span style=\"color:red\">GET</span> <span>/api/shops/:id</span></p>
<p><strong>参数</strong></p>
<table>
<tr><th>参数名</th><th>必选</th><th>说明</th></tr>
<tr><td>id</td><td>是</td><td>门店id</td></tr>
<tr><td>fields</td><td>否</td><td>返回字段</td></tr>
</table>
";
    let (e, _) = one(text);
    assert_eq!(sig(&e), (Some(Method::Get), Some("/api/shops/:id".into())));
    let names: Vec<&str> = e.params.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["id", "fields"]);
    assert_eq!(e.params[1].required, Some(false));
    // Labelled spans and an HTML key/value table work the same way.
    let text = "<p><span>请求地址：</span><span>/api/shops</span></p>
<table><tr><td>请求方式</td><td>POST</td></tr></table>
";
    let (e, _) = one(text);
    assert_eq!(sig(&e), (Some(Method::Post), Some("/api/shops".into())));
}

/// An API whose path is stated only as a redirect target.
#[test]
fn path_only_in_a_redirect_sentence() {
    let text = "### 授权登录
请求方式：GET
用户点击登录后，浏览器跳转到 `/oauth/authorize?client_id=`，用户确认后回到应用。
";
    let (e, _) = one(text);
    assert_eq!(
        sig(&e),
        (Some(Method::Get), Some("/oauth/authorize".into()))
    );
    assert_eq!(
        e.url.as_ref().map(|u| u.line),
        Some(3),
        "the URL points at the sentence"
    );
}

/// The path in a code block of connection settings, after a qualified label.
#[test]
fn path_in_a_settings_block_after_a_qualified_label() {
    let text = "## 获取令牌
```
    协议: HTTPS
    域名: auth.example.com
    Token 路径: /v1/token
```
| 参数 | 说明 | 值 |
| --- | --- | --- |
| Method | HTTP 请求方法 | POST |
| grant_type | Body 请求参数 | client_credentials |
";
    let (e, _) = one(text);
    assert_eq!(sig(&e), (Some(Method::Post), Some("/v1/token".into())));
}

/// The same section pasted twice: one API, each parameter once.
#[test]
fn a_section_pasted_twice_gives_one_api_and_no_duplicate_params() {
    let section = "**请求URL：**
- `/api/shops/list`

**请求方式：**
- GET

**参数：**

|参数名|必选|类型|说明|
|:----|:---|:---|:---|
|page|否|int|页码|
|city|否|string|城市|
";
    let text = format!("{section}\n{section}");
    let page = parse_page("x.md", &text);
    assert_eq!(page.kind, PageKind::Api);
    assert_eq!(page.endpoints.len(), 1, "{:#?}", page.endpoints);
    let e = &page.endpoints[0];
    let names: Vec<&str> = e.params.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["page", "city"]);
    // Only the parameter table pasted twice.
    let text = "**请求URL：**
- `/api/shops/list`

**请求方式：**
- GET

**参数：**

|参数名|必选|类型|说明|
|:----|:---|:---|:---|
|page|否|int|页码|

**参数：**

|参数名|必选|类型|说明|
|:----|:---|:---|:---|
|page|否|int|页码|
";
    let (e, _) = one(text);
    assert_eq!(e.params.len(), 1, "{:?}", e.params);
}
