import Foundation
import HummingbirdTesting
import Hummingbird
import Testing
import TestKit
import SanctionsGraph
import SanctionsServer

/// The explorer over HTTP (Hummingbird's in-process test client): every route, every error,
/// escaping, the security headers, the cache's bound and concurrent requests.
@Suite struct ServerTests {
    static let day = "2026-11-29"
    static let demo: SanctionsNetwork = try! GraphLoader.load(path: repoRoot() + "/Graphs/demo-rare-earths.ftm.json").0
    static let explorer = Explorer(demo, defaultDay: Day(day)!, sourceName: "demo")

    /// GETs `uri` from a fresh application around `explorer`.
    func get(_ uri: String, _ explorer: Explorer = ServerTests.explorer, method: HTTPRequest.Method = .get) async throws -> TestResponse {
        let app = ExplorerServer.application(explorer, port: 0)
        return try await app.test(.router) { client in try await client.execute(uri: uri, method: method) }
    }

    func json(_ r: TestResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(String(buffer: r.body).utf8)) as? [String: Any])
    }

    @Test func pagesAnswer() async throws {
        let cases: [(String, [String])] = [
            ("/", ["<form method=\"get\" action=\"/\" class=\"search\""]),
            ("/?q=stolnik", ["Viktor Stolnik", "href=\"/entity/p-viktor-stolnik\"", "status-designated"]),
            ("/entity/c-borealis-mineral-holdings", ["Borealis Mineral Holdings Ltd", "Owners and controllers", "without this stake",
                                                      "<svg", "href=\"/entity/p-viktor-stolnik\"", "ofac", "eu", "uk", "70%"]),
            ("/entity/p-viktor-stolnik", ["<th>source</th>", "sanctiongraph-demo", "Regulation (EU) No 269/2014", "2014-03-20"]),
            ("/relief?rule=eu&delist=p-viktor-stolnik", ["freed (12)", "Kestrel Energy Trading FZE", "blocked before", "The relief diagram"]),
            ("/relief", ["no edits yet"]),
            ("/rank?by=relief&rule=uk", ["Which delisting frees the most", "href=\"/relief?rule=uk&amp;asOf=2026-11-29&amp;delist=p-viktor-stolnik\""]),
            ("/rank?by=designation&rule=ofac", ["Which designation blocks the most"]),
        ]
        for (uri, expected) in cases {
            let r = try await get(uri)
            #expect(r.status == .ok, "\(uri)")
            #expect(r.headers[.contentType] == "text/html; charset=utf-8")
            let body = String(buffer: r.body)
            for text in expected { #expect(body.contains(text), "\(uri): \(text)") }
            #expect(body.contains("value=\"2026-11-29\""), "\(uri): the as-of field")
            #expect(!body.contains("<script>") && !body.contains("style=\""), "\(uri): no inline script or style")
        }
    }

    @Test func theAPIGivesTheCLIsBytes() async throws {
        let cli: [([String], String)] = [
            (["search", "Graphs/demo-rare-earths.ftm.json", "stolnik", "--format", "json"], "/api/search?q=stolnik"),
            (["blocked", "Graphs/demo-rare-earths.ftm.json", "--rule", "eu", "--format", "json"], "/api/blocked?rule=eu"),
            (["relief", "Graphs/demo-rare-earths.ftm.json", "--rule", "uk", "--delist", "p-viktor-stolnik", "--set-share",
              "p-pavel-korvash:c-korund-rare-metals=40", "--format", "json"],
             "/api/relief?rule=uk&delist=p-viktor-stolnik&setShare=p-pavel-korvash%3Ac-korund-rare-metals%3D40"),
            (["rank", "Graphs/demo-rare-earths.ftm.json", "--by", "relief", "--rule", "ofac", "--format", "json"], "/api/rank?by=relief&rule=ofac"),
        ]
        for (arguments, uri) in cli {
            let expected = try runExecutable("sanctions-graph", arguments + ["--as-of", Self.day, "--quiet"], in: repoRoot())
            #expect(expected.status == 0)
            let r = try await get(uri)
            #expect(r.status == .ok && r.headers[.contentType] == "application/json; charset=utf-8")
            #expect(String(buffer: r.body) == expected.stdout, "\(uri) differs from \(arguments[0])")
        }
        // The entity's rules are `explain --format json`, byte for byte once re-serialised.
        let explain = try runExecutable("sanctions-graph", ["explain", "Graphs/demo-rare-earths.ftm.json", "c-taiga-nickel-trading", "--rule", "eu",
                                                           "--as-of", Self.day, "--format", "json", "--quiet"], in: repoRoot())
        let entity = try json(try await get("/api/entity/c-taiga-nickel-trading"))
        let rules = try #require(entity["rules"] as? [String: Any])
        let fromAPI = try JSONSerialization.data(withJSONObject: try #require(rules["eu"]), options: [.sortedKeys])
        let fromCLI = try JSONSerialization.data(withJSONObject: try JSONSerialization.jsonObject(with: Data(explain.stdout.utf8)), options: [.sortedKeys])
        #expect(fromAPI == fromCLI)
        #expect(entity["formatVersion"] as? Int == 1 && (entity["owners"] as? [Any])?.isEmpty == false)
        #expect((entity["designations"] as? [Any])?.isEmpty == true, "Taiga is not listed itself")
    }

    @Test func theDiagramTheOpenAPIDocumentAndTheAssets() async throws {
        let svg = try await get("/api/diagram/p-viktor-stolnik.svg?rule=uk&depth=2")
        #expect(svg.status == .ok && svg.headers[.contentType] == "image/svg+xml")
        #expect(String(buffer: svg.body).hasPrefix("<svg") && String(buffer: svg.body).contains("xlink:href=\"/entity/c-borealis-mineral-holdings\""))
        let openAPI = try json(try await get("/api/openapi.json"))
        #expect((openAPI["openapi"] as? String)?.hasPrefix("3.") == true)
        let paths = try #require(openAPI["paths"] as? [String: Any])
        for p in ["/api/search", "/api/entity/{id}", "/api/blocked", "/api/relief", "/api/rank", "/api/diagram/{id}.svg"] { #expect(paths[p] != nil, "\(p)") }
        // The document in the repository is the one served.
        let file = try Data(contentsOf: URL(fileURLWithPath: repoRoot() + "/Sources/SanctionsServer/Assets/openapi.json"))
        #expect(String(buffer: try await get("/api/openapi.json").body) == String(decoding: file, as: UTF8.self))
        #expect(try await get("/assets/explorer.css").status == .ok)
        #expect(try await get("/assets/explorer.js").headers[.contentType] == "text/javascript; charset=utf-8")
    }

    @Test func badRequestsNameTheParameter() async throws {
        let cases: [(String, Int, String?)] = [
            ("/api/entity/nobody", 404, "id"),
            ("/entity/nobody", 404, nil),
            ("/api/blocked?rule=bogus", 400, "rule"),
            ("/api/blocked?rule=custom", 400, "rule"),
            ("/api/blocked?rule=eu&asOf=2026-13-45", 400, "asOf"),
            ("/api/relief?rule=ofac&setShare=p-viktor-stolnik%3Ac-borealis-mineral-holdings%3D150", 400, "setShare"),
            ("/api/relief?rule=ofac&delist=nobody-at-all", 400, "delist"),
            ("/api/relief?rule=ofac", 400, "delist"),
            ("/api/rank?by=size", 400, "by"),
            ("/api/rank?top=-1", 400, "top"),
            ("/api/search", 400, "q"),
            ("/api/search?q=x&color=red", 400, "color"),
            ("/api/search?q=%ZZ", 400, "q"),
            ("/api/search?q=" + String(repeating: "a", count: 9000), 414, "query"),
            ("/api/nothing", 404, nil),
            ("/assets/..%2F..%2Fetc%2Fpasswd", 404, "path"),
            ("/assets/../Package.swift", 404, nil),
        ]
        for (uri, status, parameter) in cases {
            let r = try await get(uri)
            #expect(Int(r.status.code) == status, "\(uri.prefix(80)): \(r.status)")
            if uri.hasPrefix("/api/") {
                let body = try json(r)
                #expect(body["status"] as? Int == status && (body["error"] as? String)?.isEmpty == false, "\(uri.prefix(80))")
                #expect((body["parameter"] as? String) == parameter, "\(uri.prefix(80)): \(String(describing: body["parameter"]))")
            }
        }
        let post = try await get("/api/blocked?rule=eu", method: .post)
        #expect(post.status == .methodNotAllowed && post.headers[.allow] == "GET, HEAD")
    }

    @Test func everyResponseCarriesTheSecurityHeaders() async throws {
        for uri in ["/", "/api/search?q=x", "/api/nothing", "/assets/explorer.css"] {
            let r = try await get(uri)
            #expect(r.headers[.contentSecurityPolicy] == ExplorerServer.contentSecurityPolicy, "\(uri)")
            #expect(r.headers[.init("X-Content-Type-Options")!] == "nosniff")
        }
        #expect(ExplorerServer.contentSecurityPolicy.contains("script-src 'self'") && !ExplorerServer.contentSecurityPolicy.contains("unsafe-inline"))
    }

    @Test func hostileNamesAreText() async throws {
        let dir = try TempDir("serve")
        defer { dir.remove() }
        let evil = "<script>alert(1)</script>", attr = "\"'><svg onload=alert(2)>"
        let path = try dir.write("evil.ftm.json", [
            #"{"id": "p", "schema": "Person", "properties": {"name": ["\#(evil)"]}}"#,
            #"{"id": "c\"'><x", "schema": "Company", "properties": {"name": ["\#(attr.replacingOccurrences(of: "\"", with: "\\\""))"], "sector": ["rare earths"]}}"#,
            #"{"id": "o1", "schema": "Ownership", "properties": {"owner": ["p"], "asset": ["c\"'><x"], "percentage": ["60"]}}"#,
            #"{"id": "s1", "schema": "Sanction", "properties": {"entity": ["p"], "authority": ["Office of Foreign Assets Control"], "country": ["us"], "program": ["<b>P</b>"], "startDate": ["2020-01-01"]}}"#,
        ].joined(separator: "\n") + "\n")
        let explorer = Explorer(try GraphLoader.load(path: path).0, defaultDay: Day(Self.day)!)
        let company = "/entity/c%22%27%3E%3Cx"
        for uri in ["/?q=script", "/?q=svg", "/entity/p", company, "/relief?delist=p", "/rank", "/api/diagram/p.svg"] {
            let r = try await get(uri, explorer)
            #expect(r.status == .ok, "\(uri)")
            let body = String(buffer: r.body)
            #expect(!body.contains("<script>alert") && !body.contains("<svg onload") && !body.contains("<b>P</b>"), "\(uri)")
        }
        let page = String(buffer: try await get("/entity/p", explorer).body)
        #expect(page.contains("<bdi>&lt;script&gt;alert(1)&lt;/script&gt;</bdi>"))
        let api = try json(try await get("/api/entity/p", explorer))
        #expect(api["name"] as? String == evil, "JSON carries the name as a string")
        #expect(try await get(company, explorer).status == .ok, "an id with quotes and brackets has a page")
    }

    @Test func concurrentRequestsAndABoundedCache() async throws {
        let explorer = Explorer(Self.demo, defaultDay: Day(Self.day)!, cacheLimit: 2)
        let app = ExplorerServer.application(explorer, port: 0)
        try await app.test(.router) { client in
            try await withThrowingTaskGroup(of: (String, HTTPResponse.Status).self) { group in
                for i in 0 ..< 24 {
                    let uri = i % 3 == 0 ? "/api/relief?rule=eu&delist=p-viktor-stolnik&asOf=2026-0\(1 + i % 9)-01"
                        : i % 3 == 1 ? "/entity/c-borealis-mineral-holdings?asOf=2025-0\(1 + i % 9)-15" : "/api/rank?rule=uk"
                    group.addTask { (uri, try await client.execute(uri: uri, method: .get).status) }
                }
                for try await (uri, status) in group { #expect(status == .ok, "\(uri)") }
            }
        }
        #expect(explorer.cachedResults <= 2)
    }

    /// The cache keeps to its memory budget (always the newest result), and requests that
    /// arrive while a result is evaluated wait for that one evaluation.
    @Test func theCacheKeepsToItsBudgetAndEvaluatesOnce() async throws {
        let explorer = Explorer(Self.demo, defaultDay: Day(Self.day)!, cacheBytes: 1)
        for month in 1 ... 3 { _ = await explorer.respond(path: "/api/blocked", query: "rule=eu&asOf=2026-0\(month)-01") }
        #expect(explorer.cachedResults == 1 && explorer.evaluations == 3)
        let one = evaluate(Self.demo, rule: .eu, asOf: Day("2026-03-01")!)
        #expect(explorer.cachedBytes == one.footprint && one.footprint > 0)
        // Twelve concurrent requests for two results not yet cached: two evaluations.
        let roomy = Explorer(Self.demo, defaultDay: Day(Self.day)!)
        await withTaskGroup(of: Int.self) { group in
            for i in 0 ..< 12 {
                group.addTask { await roomy.respond(path: "/api/relief", query: "rule=\(i % 2 == 0 ? "uk" : "ofac")&delist=p-viktor-stolnik").status }
            }
            for await status in group { #expect(status == 200) }
        }
        #expect(roomy.evaluations == 2 && roomy.cachedResults == 2)
    }

    @Test func entityPagesAddToTheScenarioBeingBuilt() async throws {
        // From a relief page, entity links carry the scenario; the entity page's links add to it.
        let relief = String(buffer: try await get("/relief?rule=eu&delist=p-arkady-veltsin").body)
        #expect(relief.contains("href=\"/entity/c-taiga-nickel-trading?rule=eu&amp;delist=p-arkady-veltsin\""), "freed entities link with the scenario")
        let page = String(buffer: try await get("/entity/c-borealis-mineral-holdings?rule=eu&delist=p-arkady-veltsin").body)
        #expect(page.contains("A relief scenario is being built (1 edit)"))
        #expect(page.contains("href=\"/relief?rule=eu&amp;asOf=2026-11-29&amp;delist=p-arkady-veltsin&amp;removeTie=p-viktor-stolnik%3Ac-borealis-mineral-holdings\""))
        #expect(page.contains("href=\"/entity/p-viktor-stolnik?rule=eu&amp;delist=p-arkady-veltsin\""))
        let stolnik = String(buffer: try await get("/entity/p-viktor-stolnik?rule=eu&delist=p-arkady-veltsin").body)
        #expect(stolnik.contains("Add its delisting to the scenario under eu?"))
        #expect(try await get("/entity/p-viktor-stolnik?delist=nobody-at-all").status == .badRequest, "a carried edit is checked")
    }

    @Test func asOfChangesTheAnswer() async throws {
        // Before the 2014 listing, Stolnik's companies are not blocked under ofac.
        let early = try json(try await get("/api/blocked?rule=ofac&asOf=2010-01-01"))
        let late = try json(try await get("/api/blocked?rule=ofac&asOf=2026-11-29"))
        #expect(early["asOf"] as? String == "2010-01-01" && (early["entities"] as? [Any])?.count ?? 0 < (late["entities"] as? [Any])?.count ?? 0)
    }
}
