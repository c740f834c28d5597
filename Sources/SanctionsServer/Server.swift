import Hummingbird
import Logging
import NIOCore
import SanctionsGraph

/// The explorer on HTTP (Hummingbird 2): every GET goes to `Explorer.respond(path:query:)`;
/// other methods get 405. Responses carry a Content-Security-Policy that allows scripts,
/// styles and images from the server only, and forbids framing.
public enum ExplorerServer {
    /// The policy sent with every response.
    public static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

    /// The application serving `explorer` on `host`:`port` (0: a free port); `onReady` gets the
    /// bound port once the server listens.
    public static func application(_ explorer: Explorer, host: String = "127.0.0.1", port: Int = 8080,
                                   onReady: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            try await response(explorer, request)
        }
        var logger = Logger(label: "sanctions-graph")
        logger.logLevel = .warning
        return Application(responder: responder, configuration: .init(address: .hostname(host, port: port), serverName: "sanctions-graph"),
                           onServerRunning: { channel in await onReady(channel.localAddress?.port ?? port) }, logger: logger)
    }

    /// The Hummingbird response to one request.
    static func response(_ explorer: Explorer, _ request: Request) async throws -> Response {
        var headers = HTTPFields()
        headers[.contentSecurityPolicy] = contentSecurityPolicy
        headers[.init("X-Content-Type-Options")!] = "nosniff"
        guard request.method == .get || request.method == .head else {
            headers[.allow] = "GET, HEAD"
            headers[.contentType] = "application/json; charset=utf-8"
            let body = RequestError(status: 405, parameter: nil, message: "the explorer is read-only: GET only").json.serialized() + "\n"
            return Response(status: .methodNotAllowed, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
        }
        let answer = await explorer.respond(path: request.uri.path, query: request.uri.query)
        headers[.contentType] = answer.contentType
        return Response(status: .init(code: answer.status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: answer.body)))
    }
}
