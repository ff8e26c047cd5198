#pragma once

#include "common/result.h"
#include "fhir/accesstokensource.h"
#include "fhir/bundle.h"
#include "fhir/fhirrequest.h"
#include "fhir/searchquery.h"

#include <QList>
#include <QObject>
#include <QUrl>
#include <optional>

class QNetworkAccessManager;

namespace kete::fhir {

// Talks FHIR R4 JSON over HTTPS to one server on behalf of one signed-in user: builds the URL of
// a read or a search and starts a FhirRequest, which sees itself through (paging, retries,
// refresh on 401; see FhirRequest). Lives in the thread that creates it (normally the GUI
// thread: everything here is asynchronous and JSON is parsed on the thread pool). Never sends a
// request without an access token: with none (the sign-in has ended) a read or search ends at
// once with the error code `fhir.no-token`, and nothing goes to the server.
class FhirClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FhirClient)

public:
    // `tokens` and `network` (the connection's, shared) must outlive the client.
    FhirClient(QUrl baseUrl, AccessTokenSource *tokens, QNetworkAccessManager *network,
               FhirClientOptions options = {}, QObject *parent = nullptr);
    // Shares the network manager the token source offers (a signed-in Session's); without one
    // (a test's token), the client has its own.
    FhirClient(QUrl baseUrl, AccessTokenSource *tokens, FhirClientOptions options = {},
               QObject *parent = nullptr);
    ~FhirClient() override;

    // The URL if Kete may send health data to it: kete::checkTransport (https, or http on a
    // loopback address).
    static Result<QUrl> checkServerUrl(const QUrl &url);

    QUrl baseUrl() const { return m_connection.baseUrl; }

    // GET [base]/[type]/[id]
    FhirRequest *read(const QString &resourceType, const QString &id);
    // GET [base]/[type]?query, then every `next` link, as sent, until there is none.
    FhirRequest *search(const QString &resourceType, const SearchQuery &query = {});
    // GET [base]/metadata (public): the page's `capabilities`; the client keeps them.
    FhirRequest *readCapabilities();
    // What the server's CapabilityStatement said, once a readCapabilities() ended on this client
    // (empty ones when the server gave none); nullopt before. Asked once per connection.
    const std::optional<ServerCapabilities> &capabilities() const { return m_capabilities; }
    // Aborts everything in flight (patient changed, user signed out); each request emits
    // finished() with `cancelled` set. Destroying the client does the same.
    void cancelAll();
    int requestsInFlight() const { return int(m_requests.size()); }

Q_SIGNALS:
    // Each read or search once it has ended (just before its own finished()).
    void requestFinished(const kete::fhir::RequestRecord &record);

private:
    FhirRequest *start(const QString &resourceType, const QUrl &url);
    void onRecorded(FhirRequest *request, const RequestRecord &record);

    FhirConnection m_connection;
    std::optional<Error> m_baseUrlError;
    std::optional<ServerCapabilities> m_capabilities;
    QList<FhirRequest *> m_requests;
};

} // namespace kete::fhir
