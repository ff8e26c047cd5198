#include "sandbox/fhirapi/fhirapi.h"

#include "common/logging.h"
#include "sandbox/auth/accessgrant.h"
#include "sandbox/auth/tokenstore.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMutexLocker>
#include <QTimer>
#include <QUrlQuery>
#include <QUuid>
#include <memory>

namespace kete::sandbox {

namespace {

// Qt 6.8 hands route handlers the responder by lvalue reference, earlier versions by rvalue.
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
using ResponderArgument = QHttpServerResponder &;
#else
using ResponderArgument = QHttpServerResponder &&;
#endif

const QStringList compartmentTypes{QStringLiteral("Patient"), QStringLiteral("Observation"),
                                   QStringLiteral("Condition"), QStringLiteral("DiagnosticReport")};
const QStringList servedTypes =
    compartmentTypes + QStringList{QStringLiteral("Practitioner"), QStringLiteral("Organization")};

QByteArray bearerChallenge(const QByteArray &error)
{
    return QByteArrayLiteral("Bearer realm=\"kete-sandbox\", error=\"") + error + '"';
}

FhirResponse unauthorized(const QString &why)
{
    HttpReply reply =
        HttpReply::outcome(401, QStringLiteral("error"), QStringLiteral("login"), why);
    reply.headers.append({QByteArrayLiteral("WWW-Authenticate"),
                          bearerChallenge(QByteArrayLiteral("invalid_token"))});
    return {reply};
}

FhirResponse forbidden(const QString &why)
{
    HttpReply reply =
        HttpReply::outcome(403, QStringLiteral("error"), QStringLiteral("forbidden"), why);
    reply.headers.append({QByteArrayLiteral("WWW-Authenticate"),
                          bearerChallenge(QByteArrayLiteral("insufficient_scope"))});
    return {reply};
}

FhirResponse badRequest(const QString &why)
{
    return {HttpReply::outcome(400, QStringLiteral("error"), QStringLiteral("invalid"), why)};
}

FhirResponse notFound(const QString &why)
{
    return {HttpReply::outcome(404, QStringLiteral("error"), QStringLiteral("not-found"), why)};
}

FhirResponse retryLater(int status, const QString &why)
{
    HttpReply reply =
        HttpReply::outcome(status, QStringLiteral("error"), QStringLiteral("transient"), why);
    reply.headers.append(
        {QByteArrayLiteral("Retry-After"), QByteArray::number(FhirApi::retryAfterSeconds)});
    return {reply};
}

QString parameterBase(const QString &name)
{
    return name.section(QLatin1Char(':'), 0, 0);
}

// "B", "Patient/B" or an absolute reference ".../Patient/B" -> "B".
QString referencedId(const QString &value)
{
    return value.section(QLatin1Char('/'), -1);
}

// With a patient-level scope, explicit patient (or _id for Patient) values must all name the
// token's patient; then the search is AND-ed with it so that nothing else can match.
std::optional<QString> confineToPatient(const QString &type, const QString &patientId,
                                        QList<SearchParameter> &parameters)
{
    const bool isPatient = type == QLatin1String("Patient");
    for (const SearchParameter &parameter : std::as_const(parameters)) {
        const QString base = parameterBase(parameter.first);
        const bool namesPatient =
            isPatient ? base == QLatin1String("_id")
                      : (base == QLatin1String("patient") || base == QLatin1String("subject"));
        if (!namesPatient)
            continue;
        if (parameter.first.contains(QLatin1Char(':')) &&
            !parameter.first.endsWith(QLatin1String(":Patient")))
            return QStringLiteral("Parameter %1 is not allowed with a patient-level token.")
                .arg(parameter.first);
        const QStringList values = parameter.second.split(QLatin1Char(','), Qt::SkipEmptyParts);
        for (const QString &value : values) {
            if (referencedId(value) != patientId)
                return QStringLiteral("The token only grants access to its own patient.");
        }
    }
    parameters.append({isPatient ? QStringLiteral("_id") : QStringLiteral("patient"), patientId});
    return std::nullopt;
}

QByteArray encodeQuery(const QList<SearchParameter> &parameters)
{
    QByteArray query;
    for (const SearchParameter &parameter : parameters) {
        if (!query.isEmpty())
            query.append('&');
        query.append(QUrl::toPercentEncoding(parameter.first, ":"));
        query.append('=');
        query.append(QUrl::toPercentEncoding(parameter.second, ":,|"));
    }
    return query;
}

// Media types are case-insensitive (RFC 9110 8.3.1) and may carry parameters ("; charset=...").
bool isFormContentType(const QByteArray &contentType)
{
    const QByteArray mediaType = contentType.split(';').constFirst().trimmed().toLower();
    return mediaType == "application/x-www-form-urlencoded";
}

// Fault::CollapseDoubleSlash: what a proxy that normalises "//" to "/" in the request target
// passes on. Percent-encoded slashes (%2F) are not slashes to it and survive.
QList<SearchParameter> queryWithCollapsedSlashes(const QUrl &url)
{
    QByteArray query = url.query(QUrl::FullyEncoded).toLatin1();
    while (query.contains("//"))
        query.replace("//", "/");
    return queryParameters(QUrlQuery(QString::fromLatin1(query)));
}

// Fault::OverlappingWindows: ge/gt bounds of date parameters a day earlier, le/lt a day later.
void widenDateBounds(QList<SearchParameter> &criteria)
{
    for (SearchParameter &parameter : criteria) {
        if (parameterBase(parameter.first) != QLatin1String("date") || parameter.second.size() < 3)
            continue;
        const QString prefix = parameter.second.left(2);
        const int days = prefix == QLatin1String("ge") || prefix == QLatin1String("gt")   ? -1
                         : prefix == QLatin1String("le") || prefix == QLatin1String("lt") ? 1
                                                                                          : 0;
        const QDateTime bound = QDateTime::fromString(parameter.second.mid(2), Qt::ISODateWithMs);
        if (days != 0 && bound.isValid())
            parameter.second = prefix + bound.addDays(days).toUTC().toString(Qt::ISODateWithMs);
    }
}

} // namespace

QList<SearchParameter> queryParameters(const QUrlQuery &query)
{
    QList<SearchParameter> parameters;
    const auto items = query.queryItems(QUrl::FullyDecoded);
    for (const auto &item : items)
        parameters.append({item.first, item.second});
    return parameters;
}

FhirApi::FhirApi(const ResourceStore &store, TokenStore &tokens, const FaultPlan &faults,
                 QString basePath)
    : m_store(store)
    , m_tokens(tokens)
    , m_faults(faults)
    , m_basePath(std::move(basePath))
{}

void FhirApi::setBaseUrl(const QUrl &base)
{
    Q_ASSERT(base.path() == m_basePath);
    m_base = base;
    m_baseString = base.toString(QUrl::FullyEncoded);
}

bool FhirApi::audienceIsThisServer(const QString &audience) const
{
    // The base as written, with or without a trailing slash, is the usual case: no URL parsing.
    if (!m_baseString.isEmpty() &&
        (audience == m_baseString ||
         (audience.size() == m_baseString.size() + 1 && audience.startsWith(m_baseString) &&
          audience.endsWith(QLatin1Char('/')))))
        return true;
    return QUrl(audience).adjusted(QUrl::StripTrailingSlash) ==
           m_base.adjusted(QUrl::StripTrailingSlash);
}

QUrl FhirApi::baseUrl() const
{
    return m_base;
}

void FhirApi::setOrganisationName(const QString &name)
{
    m_organisationName = name;
}

void FhirApi::setOAuthEndpoints(const OAuthEndpoints &endpoints)
{
    m_oauth = endpoints;
}

void FhirApi::registerRoutes(QHttpServer &server)
{
    auto respond = [this, context = &server](const QStringList &path,
                                             const QHttpServerRequest &request,
                                             QHttpServerResponder &responder) {
        FhirRequest fhirRequest;
        switch (request.method()) {
        case QHttpServerRequest::Method::Get:
            fhirRequest.method = QByteArrayLiteral("GET");
            break;
        case QHttpServerRequest::Method::Post:
            fhirRequest.method = QByteArrayLiteral("POST");
            break;
        default:
            fhirRequest.method = QByteArrayLiteral("OTHER");
            break;
        }
        fhirRequest.path = path;
        fhirRequest.url = request.url();
        fhirRequest.authorization = request.value(QByteArrayLiteral("Authorization"));
        fhirRequest.query = queryParameters(request.query());
        if (fhirRequest.method == "POST" &&
            isFormContentType(request.value(QByteArrayLiteral("Content-Type")))) {
            fhirRequest.form = queryParameters(QUrlQuery(QString::fromUtf8(request.body())));
        }

        FhirResponse response = handle(fhirRequest);
        qCDebug(lcSandbox) << "FHIR" << fhirRequest.method << kete::loggableUrl(fhirRequest.url)
                           << response.reply.status;
        switch (response.delivery) {
        case Delivery::Now:
            sendReply(responder, response.reply);
            break;
        case Delivery::CutOff:
            sendCutOff(responder, response.reply, response.reply.body.size() / 2);
            break;
        case Delivery::Delayed: {
            auto held = std::make_shared<QHttpServerResponder>(std::move(responder));
            QTimer::singleShot(slowResponseMs, context,
                               [held, reply = response.reply] { sendReply(*held, reply); });
            break;
        }
        }
    };

    // Plain QStrings, not QStringBuilder temporaries, go into QHttpServer::route's templates.
    const QString typeLevel = m_basePath + QStringLiteral("/<arg>");
    const QString instanceLevel = m_basePath + QStringLiteral("/<arg>/<arg>");
    server.route(typeLevel,
                 [respond](const QString &first, const QHttpServerRequest &request,
                           ResponderArgument responder) { respond({first}, request, responder); });
    server.route(instanceLevel,
                 [respond](const QString &first, const QString &second,
                           const QHttpServerRequest &request, ResponderArgument responder) {
                     respond({first, second}, request, responder);
                 });
}

FhirResponse FhirApi::handle(const FhirRequest &request)
{
    m_requests.fetch_add(1, std::memory_order_relaxed);
    if (request.path == QStringList{QStringLiteral("metadata")}) {
        if (request.method != "GET")
            return {HttpReply::outcome(405, QStringLiteral("error"),
                                       QStringLiteral("not-supported"),
                                       QStringLiteral("Only GET is supported on /metadata."))};
        return {HttpReply::fhirJson(capabilityStatement(m_base, m_oauth, m_organisationName))};
    }

    const QByteArray scheme = QByteArrayLiteral("bearer ");
    if (!request.authorization.toLower().startsWith(scheme))
        return unauthorized(QStringLiteral("A bearer access token is required."));
    const QByteArray token = request.authorization.mid(scheme.size()).trimmed();
    const std::optional<AccessGrant> grant = m_tokens.validateAccessToken(token);
    if (!grant)
        return unauthorized(QStringLiteral("The access token is unknown, expired or revoked."));
    const QString &client = grant->clientId;
    const bool audienceMatches = m_faults.fires(Fault::ExactAudience, client)
                                     ? grant->audience == m_baseString
                                     : audienceIsThisServer(grant->audience);
    if (!audienceMatches)
        return unauthorized(QStringLiteral("The access token was issued for another server."));
    if (m_faults.fires(Fault::RateLimit, client)) {
        if (std::optional<FhirResponse> refused = overBudget(client))
            return *refused;
    }
    if (m_faults.fires(Fault::InvalidToken, client))
        return unauthorized(QStringLiteral("The access token is not valid (simulated)."));
    if (m_faults.fires(Fault::ExpireAccessToken, client) &&
        firesOnce(Fault::ExpireAccessToken, client)) {
        m_tokens.expireAccessToken(token);
        return unauthorized(QStringLiteral("The access token has expired."));
    }

    QList<SearchParameter> parameters = m_faults.fires(Fault::CollapseDoubleSlash, client)
                                            ? queryWithCollapsedSlashes(request.url)
                                            : request.query;
    parameters += request.form;

    FhirResponse response;
    const QString type = request.path.value(0);
    if (!servedTypes.contains(type)) {
        response = notFound(QStringLiteral("This server does not serve %1.").arg(type));
    } else if (request.path.size() == 1 && request.method == "GET") {
        response = search(request, *grant, type, parameters);
    } else if (request.path.size() == 2 && request.path.at(1) == QLatin1String("_search") &&
               request.method == "POST") {
        response = search(request, *grant, type, parameters);
    } else if (request.path.size() == 2 && request.method == "GET") {
        response = read(*grant, type, request.path.at(1));
    } else {
        response = {HttpReply::outcome(405, QStringLiteral("error"),
                                       QStringLiteral("not-supported"),
                                       QStringLiteral("This server is read-only."))};
    }

    if (m_faults.fires(Fault::SlowResponses, client) && response.delivery == Delivery::Now)
        response.delivery = Delivery::Delayed;
    return response;
}

FhirResponse FhirApi::search(const FhirRequest &request, const AccessGrant &grant,
                             const QString &type, QList<SearchParameter> parameters)
{
    const QString &client = grant.clientId;
    const bool smallPages = m_faults.fires(Fault::SmallPages, client);
    int count = smallPages ? smallDefaultCount : defaultCount;
    qsizetype offset = 0;
    QList<SearchParameter> criteria;
    QString pageSet;
    for (const SearchParameter &parameter : std::as_const(parameters)) {
        bool ok = false;
        if (parameter.first == QLatin1String("_count")) {
            count = parameter.second.toInt(&ok);
            if (!ok || count < 0)
                return badRequest(QStringLiteral("_count must be a whole number from 0."));
            count = qMin(count, smallPages ? smallMaxCount : maxCount);
        } else if (parameter.first == QLatin1String("_getpages")) {
            pageSet = parameter.second;
        } else if (parameter.first == QLatin1String("_offset")) {
            offset = parameter.second.toLongLong(&ok);
            if (!ok || offset < 0)
                return badRequest(QStringLiteral("_offset must be a whole number from 0."));
        } else {
            criteria.append(parameter);
        }
    }

    if (!grant.permits(type, Interaction::Search, criteria))
        return forbidden(
            QStringLiteral("The token's scopes do not allow searching %1 this way.").arg(type));

    const bool expiringLinks = m_faults.fires(Fault::ExpiringPageLinks, client);
    if (expiringLinks && offset > 0 && !pageSetAlive(pageSet, client))
        return {HttpReply::outcome(410, QStringLiteral("error"), QStringLiteral("not-found"),
                                   QStringLiteral("This search's pages have expired; search "
                                                  "again."))};
    if (expiringLinks && offset == 0)
        pageSet = newPageSet(client);
    if (m_faults.fires(Fault::RequireCategory, client) && type == QLatin1String("Observation")) {
        const bool hasCategory =
            std::any_of(criteria.cbegin(), criteria.cend(), [](const SearchParameter &p) {
                return parameterBase(p.first) == QLatin1String("category");
            });
        if (!hasCategory)
            return badRequest(QStringLiteral("Observation searches must give a category."));
    }

    const bool transientFaults = m_faults.fires(Fault::TooManyRequests, client) ||
                                 m_faults.fires(Fault::ServiceUnavailable, client);
    if (transientFaults && nextSearchNumber(client) % 2 == 0) {
        if (m_faults.fires(Fault::TooManyRequests, client))
            return retryLater(429, QStringLiteral("Too many requests; retry later."));
        return retryLater(503, QStringLiteral("The service is unavailable; retry later."));
    }

    QList<SearchParameter> confined = criteria;
    if (m_faults.fires(Fault::OverlappingWindows, client))
        widenDateBounds(confined);
    if (compartmentTypes.contains(type) && grant.isPatientLevelFor(type, Interaction::Search)) {
        if (grant.patientId.isEmpty())
            return forbidden(QStringLiteral("A patient-level token without a patient context."));
        if (const auto refusal = confineToPatient(type, grant.patientId, confined))
            return forbidden(*refusal);
    }

    // Next links hold no snapshot: they are this search again with an _offset. The cache is
    // cleared on every change (storeChanged()), so a new search sees it; a next link handed out
    // before a change pages through the changed matches, so it may skip or repeat one, as offset
    // paging on real servers does.
    const QString cacheKey = type + QLatin1Char('?') + QString::fromLatin1(encodeQuery(confined));
    Matches matches = m_searchCache.find(cacheKey);
    if (!matches) {
        Result<QList<QJsonObject>> found = m_store.search(type, confined);
        if (!found)
            return badRequest(found.error().detail.isEmpty() ? found.error().message
                                                             : found.error().detail);
        matches = std::make_shared<const QList<QJsonObject>>(std::move(found).value());
        m_searchCache.insert(cacheKey, matches);
    }

    const qsizetype total = matches->size();
    const qsizetype end = qMin(total, offset + count);
    QByteArray entries =
        m_entryCache.join(*matches, qMin(offset, end), end, [this](const QJsonObject &resource) {
            return QJsonDocument(QJsonObject{{QStringLiteral("fullUrl"), fullUrl(resource)},
                                             {QStringLiteral("resource"), resource},
                                             {QStringLiteral("search"),
                                              QJsonObject{{QStringLiteral("mode"),
                                                           QStringLiteral("match")}}}})
                .toJson(QJsonDocument::Compact);
        });
    if (m_faults.fires(Fault::OutcomeWarning, client)) {
        if (!entries.isEmpty())
            entries.append(',');
        entries.append(
            QJsonDocument(
                QJsonObject{
                    {QStringLiteral("resource"),
                     operationOutcome(QStringLiteral("warning"), QStringLiteral("informational"),
                                      QStringLiteral("Some results may be missing "
                                                     "(simulated)."))},
                    {QStringLiteral("search"),
                     QJsonObject{{QStringLiteral("mode"), QStringLiteral("outcome")}}}})
                .toJson(QJsonDocument::Compact));
    }

    QUrl self = m_base;
    self.setPath(m_base.path() + QLatin1Char('/') + type);
    self.setQuery(request.url.query(QUrl::FullyEncoded), QUrl::StrictMode);
    QJsonArray links{QJsonObject{{QStringLiteral("relation"), QStringLiteral("self")},
                                 {QStringLiteral("url"), self.toString(QUrl::FullyEncoded)}}};
    if (end < total && count > 0) {
        QList<SearchParameter> next = criteria;
        if (expiringLinks)
            next.append({QStringLiteral("_getpages"), pageSet});
        next.append({QStringLiteral("_count"), QString::number(count)});
        next.append({QStringLiteral("_offset"), QString::number(end)});
        links.append(QJsonObject{
            {QStringLiteral("relation"), QStringLiteral("next")},
            {QStringLiteral("url"), searchUrl(type, next).toString(QUrl::FullyEncoded)}});
    }

    // The entries are pre-written JSON: the Bundle is written around them.
    const QJsonObject head{{QStringLiteral("resourceType"), QStringLiteral("Bundle")},
                           {QStringLiteral("type"), QStringLiteral("searchset")},
                           {QStringLiteral("total"), total},
                           {QStringLiteral("link"), links}};
    FhirResponse response{HttpReply::fhirJson(head)};
    QByteArray &body = response.reply.body;
    body.chop(1); // the closing brace
    body.reserve(body.size() + entries.size() + 16);
    if (!entries.isEmpty())
        body.append(",\"entry\":[").append(entries).append(']');
    body.append('}');
    if (offset == 0)
        m_firstPages.fetch_add(1, std::memory_order_relaxed);
    m_pages.fetch_add(1, std::memory_order_relaxed);

    const bool secondPage = offset > 0 && offset == count;
    if (secondPage && m_faults.fires(Fault::MalformedJson, client))
        response.reply.body = response.reply.body.left(response.reply.body.size() / 2) + "<html>";
    if (secondPage && m_faults.fires(Fault::DropConnection, client))
        response.delivery = Delivery::CutOff;
    return response;
}

FhirResponse FhirApi::read(const AccessGrant &grant, const QString &type, const QString &id)
{
    if (!grant.permits(type, Interaction::Read))
        return forbidden(QStringLiteral("The token's scopes do not allow reading %1.").arg(type));
    const std::optional<QJsonObject> resource = m_store.read(type, id);
    const auto missing = [&] {
        return notFound(QStringLiteral("%1/%2 is not known.").arg(type, id));
    };
    if (!resource)
        return missing();
    if (compartmentTypes.contains(type) && grant.isPatientLevelFor(type, Interaction::Read)) {
        if (grant.patientId.isEmpty())
            return forbidden(QStringLiteral("A patient-level token without a patient context."));
        // Another patient's resource answers exactly like a missing one: ids cannot be probed.
        if (ResourceStore::patientOf(*resource) != grant.patientId)
            return missing();
    }
    return {HttpReply::fhirJson(m_resourceJson.entry(
        type + QLatin1Char('/') + id, *resource, [](const QJsonObject &written) {
            return QJsonDocument(written).toJson(QJsonDocument::Compact);
        }))};
}

QUrl FhirApi::searchUrl(const QString &type, const QList<SearchParameter> &parameters) const
{
    QUrl url = m_base;
    url.setPath(m_base.path() + QLatin1Char('/') + type);
    url.setQuery(QString::fromLatin1(encodeQuery(parameters)), QUrl::StrictMode);
    return url;
}

QString FhirApi::fullUrl(const QJsonObject &resource) const
{
    return m_baseString + QLatin1Char('/') +
           resource.value(QLatin1String("resourceType")).toString() + QLatin1Char('/') +
           resource.value(QLatin1String("id")).toString();
}

void FhirApi::storeChanged()
{
    m_searchCache.clear();
    m_entryCache.clear();
    m_resourceJson.clear();
}

bool FhirApi::serves(const QString &type)
{
    return servedTypes.contains(type);
}

RequestCounts FhirApi::requestCounts() const
{
    return {m_requests.load(std::memory_order_relaxed),
            m_firstPages.load(std::memory_order_relaxed), m_pages.load(std::memory_order_relaxed)};
}

void FhirApi::resetRequestCounts()
{
    m_requests.store(0, std::memory_order_relaxed);
    m_firstPages.store(0, std::memory_order_relaxed);
    m_pages.store(0, std::memory_order_relaxed);
}

bool FhirApi::firesOnce(Fault fault, const QString &clientId)
{
    QMutexLocker lock(&m_faultMutex);
    QSet<Fault> &fired = m_firedOnce[clientId];
    if (fired.contains(fault))
        return false;
    fired.insert(fault);
    return true;
}

int FhirApi::nextSearchNumber(const QString &clientId)
{
    QMutexLocker lock(&m_faultMutex);
    return ++m_searchCount[clientId];
}

std::optional<FhirResponse> FhirApi::overBudget(const QString &clientId)
{
    const QDateTime now = m_tokens.now();
    QMutexLocker lock(&m_faultMutex);
    RateWindow &window = m_rateWindows[clientId];
    const qint64 windowMs = std::chrono::milliseconds(rateLimitWindow).count();
    if (!window.start.isValid() || window.start.msecsTo(now) >= windowMs)
        window = RateWindow{now, 0};
    const QDateTime reset = window.start.addMSecs(windowMs);
    if (window.used < rateLimitBudget) {
        ++window.used;
        return std::nullopt;
    }
    const qint64 waitSeconds = std::max<qint64>(1, (now.msecsTo(reset) + 999) / 1000);
    HttpReply reply = HttpReply::outcome(429, QStringLiteral("error"), QStringLiteral("throttled"),
                                         QStringLiteral("Request budget used up; retry later."));
    reply.headers.append({QByteArrayLiteral("Retry-After"), QByteArray::number(waitSeconds)});
    reply.headers.append(
        {QByteArrayLiteral("X-RateLimit-Limit"), QByteArray::number(rateLimitBudget)});
    reply.headers.append({QByteArrayLiteral("X-RateLimit-Remaining"), QByteArrayLiteral("0")});
    reply.headers.append(
        {QByteArrayLiteral("X-RateLimit-Reset"), QByteArray::number(reset.toSecsSinceEpoch())});
    return FhirResponse{reply};
}

QString FhirApi::newPageSet(const QString &clientId)
{
    const QDateTime now = m_tokens.now();
    QMutexLocker lock(&m_faultMutex);
    m_pageSets.removeIf([&](const auto &entry) {
        return entry.value().created.secsTo(now) >= pageLinkLifetime.count();
    });
    const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    m_pageSets.insert(id, PageSet{clientId, now});
    return id;
}

bool FhirApi::pageSetAlive(const QString &id, const QString &clientId)
{
    const QDateTime now = m_tokens.now();
    QMutexLocker lock(&m_faultMutex);
    const auto found = m_pageSets.constFind(id);
    return found != m_pageSets.cend() && found->clientId == clientId &&
           found->created.secsTo(now) < pageLinkLifetime.count();
}

} // namespace kete::sandbox
