#pragma once

#include "sandbox/auth/tokenstore.h"
#include "sandbox/fhirapi/httpreply.h"

#include <QByteArray>
#include <QHostAddress>
#include <QString>
#include <QStringList>

QT_BEGIN_NAMESPACE
class QHttpServer;
QT_END_NAMESPACE

namespace kete::sandbox {

class FhirApi;
class ResourceStore;

// One request to the admin API, as the HTTP layer hands it over.
struct AdminRequest
{
    QByteArray method; // "GET", "PUT", "DELETE", "POST", ...
    QStringList path;  // segments below /admin: {"stats"}, {"Observation", "x"}
    QByteArray body;
    QHostAddress peer;
};

// Test hooks that change the records while the server runs (SandboxOptions::admin, off by
// default, so that the routes do not exist at all otherwise):
//   PUT    /admin/<type>/<id>   stores the JSON resource as its next version, meta.lastUpdated =
//                               the server's clock: 201 new, 200 replaced, body = what is stored
//   DELETE /admin/<type>/<id>   forgets it: 204, or 404 when absent
//   GET    /admin/stats         {"fhirRequests": N, "searches": N, "pages": N}
//   POST   /admin/stats/reset   sets them to 0 and answers like GET
// There is no token to check: every peer that is not loopback gets 403, whatever address the
// server listens on. The routes run on the server's thread, so a change lands between requests.
class AdminApi final
{
public:
    AdminApi(ResourceStore &store, FhirApi &fhir, Clock clock);
    Q_DISABLE_COPY_MOVE(AdminApi)

    void registerRoutes(QHttpServer &server);

    // The request logic without HTTP (the routes call it).
    HttpReply handle(const AdminRequest &request);

private:
    HttpReply put(const QString &type, const QString &id, const QByteArray &body);
    HttpReply remove(const QString &type, const QString &id);
    HttpReply stats() const;

    ResourceStore &m_store;
    FhirApi &m_fhir;
    const Clock m_clock;
};

} // namespace kete::sandbox
