#pragma once

#include <QByteArray>
#include <QString>
#include <QUrl>

QT_BEGIN_NAMESPACE
class QHttpServer;
class QHttpServerRequest;
class QHttpServerResponse;
QT_END_NAMESPACE

namespace kete::sandbox {

// Publishes a SMART 2.2 User-access Brands Bundle at GET /brands/bundle.json, as an EHR
// vendor does: with a strong ETag and 304 Not Modified on a matching If-None-Match, or, like
// the largest vendors, without an ETag at all (clients then compare the content's hash).
// Use it from the thread of its QHttpServer.
class BrandsPublisher final
{
public:
    static QString path();
    // The demo organisations Kete ships (resources/brands/kete-directory.json), with the demo
    // provider's (the GP's) FHIR endpoint pointed at `fhirBase`; with a `hospitalFhirBase`, also
    // Kete City Hospital and its endpoint, so that "Find your provider" finds both.
    static QByteArray demoBundle(const QUrl &fhirBase, const QUrl &hospitalFhirBase = {});
    // The demo provider's website identifier: the sandbox's user_access_brand_identifier.
    static QString demoIdentifier();
    // Kete City Hospital's (the sandbox's second organisation).
    static QString hospitalIdentifier();

    void setBundle(QByteArray bundle);
    void setSendsEtag(bool sends) { m_sendsEtag = sends; }
    QByteArray etag() const { return m_etag; } // with its quotes
    int notModifiedReplies() const { return m_notModified; }
    int fullReplies() const { return m_full; }

    void registerRoutes(QHttpServer &server);

private:
    QHttpServerResponse reply(const QHttpServerRequest &request);

    QByteArray m_bundle;
    QByteArray m_etag;
    bool m_sendsEtag = true;
    int m_notModified = 0;
    int m_full = 0;
};

} // namespace kete::sandbox
