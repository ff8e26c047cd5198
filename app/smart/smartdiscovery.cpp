#include "smart/smartdiscovery.h"

#include "common/logging.h"
#include "common/networkerror.h"
#include "common/transportpolicy.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

namespace kete::smart {

namespace {

QUrl below(const QUrl &base, const QString &relative)
{
    QUrl url = base;
    url.setPath(base.path() + QLatin1Char('/') + relative);
    return url;
}

std::optional<QJsonObject> jsonObject(const QByteArray &body)
{
    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    return document.object();
}

// What one discovery GET gave, written down in the record: a transport failure (stop at once),
// or the JSON object if the answer was a usable one.
struct Fetched
{
    std::optional<Error> transportProblem;
    std::optional<QJsonObject> json;
    int status = 0;
};

Fetched readReply(QNetworkReply &reply, DiscoveryRecord &record)
{
    Fetched fetched;
    fetched.status = reply.attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    record.fetches.append({reply.url(), fetched.status});
    if (failedBeforeHttp(reply))
        fetched.transportProblem = networkError(reply);
    else if (reply.error() == QNetworkReply::NoError)
        fetched.json = jsonObject(reply.readAll());
    return fetched;
}

} // namespace

QUrl normalizedFhirBase(const QUrl &url)
{
    QUrl base = url.adjusted(QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::StripTrailingSlash);
    return base;
}

SmartDiscovery::SmartDiscovery(QNetworkAccessManager *network, QObject *parent)
    : QObject(parent)
    , m_network(network)
{}

QNetworkReply *SmartDiscovery::getJson(const QUrl &url)
{
    QNetworkRequest request(url);
    request.setRawHeader(QByteArrayLiteral("Accept"), QByteArrayLiteral("application/json"));
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::NoLessSafeRedirectPolicy);
    request.setTransferTimeout(30000);
    return m_network->get(request);
}

void SmartDiscovery::discover(const QUrl &fhirBaseInput, Done reportedDone)
{
    const QUrl fhirBase = normalizedFhirBase(fhirBaseInput);
    auto record = std::make_shared<DiscoveryRecord>();
    record->fhirBase = fhirBase;
    Done done = [this, record,
                 reportedDone = std::move(reportedDone)](const Result<SmartConfiguration> &result) {
        if (result.ok())
            record->configuration = result.value();
        else
            record->problem = result.error().detail;
        Q_EMIT discoveryFinished(*record);
        reportedDone(result);
    };
    if (auto problem = checkTransport(fhirBase)) {
        QTimer::singleShot(0, this, [done = std::move(done), error = *problem] { done(error); });
        return;
    }
    qCInfo(lcAuth) << "discovering SMART configuration of" << loggableUrl(fhirBase);
    QNetworkReply *reply =
        getJson(below(fhirBase, QStringLiteral(".well-known/smart-configuration")));
    connect(reply, &QNetworkReply::finished, this,
            [this, reply, fhirBase, record, done = std::move(done)] {
                reply->deleteLater();
                const Fetched fetched = readReply(*reply, *record);
                if (fetched.transportProblem) {
                    done(*fetched.transportProblem);
                    return;
                }
                if (!fetched.json) {
                    qCInfo(lcAuth) << "no usable .well-known/smart-configuration (HTTP"
                                   << fetched.status << "), trying the CapabilityStatement";
                    fetchMetadata(fhirBase, record, done);
                    return;
                }
                auto config = SmartConfiguration::fromWellKnown(*fetched.json, fhirBase);
                if (config.ok()) {
                    if (auto problem = config->checkStandaloneLaunch()) {
                        done(*problem);
                        return;
                    }
                }
                done(config);
            });
}

void SmartDiscovery::fetchMetadata(const QUrl &fhirBase, std::shared_ptr<DiscoveryRecord> record,
                                   Done done)
{
    QNetworkReply *reply = getJson(below(fhirBase, QStringLiteral("metadata")));
    connect(reply, &QNetworkReply::finished, this,
            [reply, fhirBase, record = std::move(record), done = std::move(done)] {
                reply->deleteLater();
                const Fetched fetched = readReply(*reply, *record);
                if (fetched.transportProblem) {
                    done(*fetched.transportProblem);
                    return;
                }
                if (!fetched.json) {
                    done(Error{QCoreApplication::translate(
                                   "kete::smart::SmartDiscovery",
                                   "%1 does not look like a FHIR server that offers SMART sign-in.")
                                   .arg(fhirBase.host()),
                               QStringLiteral("discovery.not-smart: no smart-configuration and no "
                                              "CapabilityStatement (HTTP %1)")
                                   .arg(fetched.status),
                               ErrorCode::NotSmart});
                    return;
                }
                done(SmartConfiguration::fromCapabilityStatement(*fetched.json, fhirBase));
            });
}

} // namespace kete::smart
