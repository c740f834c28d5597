/// The files the explorer serves from /assets and /api/openapi.json, compiled into the binary:
/// only these names are served, so no path reaches the file system.
enum Assets {
    /// The OpenAPI document of the API (also docs/openapi.json in the repository).
    static let openAPI: [UInt8] = PackageResources.openapi_json

    /// The asset `name`, or a 404.
    static func response(_ name: String) throws(RequestError) -> ExplorerResponse {
        switch name {
        case "explorer.css": return ExplorerResponse(status: 200, contentType: "text/css; charset=utf-8", body: PackageResources.explorer_css)
        case "explorer.js": return ExplorerResponse(status: 200, contentType: "text/javascript; charset=utf-8", body: PackageResources.explorer_js)
        default: throw RequestError.notFound("path", "no asset is named '\(name)'")
        }
    }
}
