#pragma once

#include "rawhttpserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QUrlQuery>

namespace kete::test {

// A SMART server that signs Kete in at once (its /authorize redirects straight back with a
// code) and then serves one patient, `p1`, whose lab search (Observation, category laboratory)
// is answered by `labs`: the place where a test makes the server lie. Everything else is an
// empty searchset; /metadata does not exist. The sign-in pages are on a plain loopback origin,
// the FHIR API on its own (plain or TLS), so that the bearer token has one home.
class LyingSmartServer
{
public:
    using LabsAnswer = std::function<HttpAnswer(const HttpRequest &)>;

    explicit LyingSmartServer(LabsAnswer labs)
        : m_labs(std::move(labs))
        , m_auth([this](const HttpRequest &request) { return authorization(request); })
        , m_fhir([this](const HttpRequest &request) { return fhir(request); })
    {
        m_accessToken = QByteArray("lying-access-") +
                        QByteArray::number(QRandomGenerator::global()->generate64(), 16);
    }

    bool listen(const QString &certificateFile = {}, const QString &keyFile = {})
    {
        if (!m_auth.listen())
            return false;
        return certificateFile.isEmpty() ? m_fhir.listen()
                                         : m_fhir.listenTls(certificateFile, keyFile);
    }

    QUrl fhirBase() const { return m_fhir.url(QStringLiteral("/fhir")); }
    const RawHttpServer &fhirServer() const { return m_fhir; }
    const RawHttpServer &authServer() const { return m_auth; }
    QByteArray accessToken() const { return m_accessToken; }

    static QByteArray json(const QJsonObject &object)
    {
        return QJsonDocument(object).toJson(QJsonDocument::Compact);
    }
    static HttpAnswer ok(const QByteArray &body,
                         const QByteArray &type = QByteArrayLiteral("application/fhir+json"))
    {
        HttpAnswer answer;
        answer.headers = {{QByteArrayLiteral("Content-Type"), type}};
        answer.body = body;
        return answer;
    }

    // A lab result of p1 as a real server sends it; `n` makes it unique.
    static QJsonObject observation(int n)
    {
        const QJsonObject coding{{QStringLiteral("system"), QStringLiteral("http://loinc.org")},
                                 {QStringLiteral("code"), QStringLiteral("2345-7")},
                                 {QStringLiteral("display"), QStringLiteral("Glucose")}};
        const QJsonObject category{
            {QStringLiteral("coding"),
             QJsonArray{QJsonObject{
                 {QStringLiteral("system"),
                  QStringLiteral("http://terminology.hl7.org/CodeSystem/observation-category")},
                 {QStringLiteral("code"), QStringLiteral("laboratory")}}}}};
        return {
            {QStringLiteral("resourceType"), QStringLiteral("Observation")},
            {QStringLiteral("id"), QStringLiteral("o%1").arg(n)},
            {QStringLiteral("status"), QStringLiteral("final")},
            {QStringLiteral("category"), QJsonArray{category}},
            {QStringLiteral("code"),
             QJsonObject{{QStringLiteral("coding"), QJsonArray{coding}},
                         {QStringLiteral("text"), QStringLiteral("Glucose")}}},
            {QStringLiteral("subject"),
             QJsonObject{{QStringLiteral("reference"), QStringLiteral("Patient/p1")}}},
            {QStringLiteral("effectiveDateTime"),
             QStringLiteral("2024-01-%1T08:00:00Z").arg(n % 28 + 1, 2, 10, QLatin1Char('0'))},
            {QStringLiteral("valueQuantity"),
             QJsonObject{{QStringLiteral("value"), 5.5},
                         {QStringLiteral("unit"), QStringLiteral("mmol/L")},
                         {QStringLiteral("system"), QStringLiteral("http://unitsofmeasure.org")},
                         {QStringLiteral("code"), QStringLiteral("mmol/L")}}}};
    }

    // A searchset of `count` lab results from `first`, with a next link when given.
    static QJsonObject labPage(int first, int count, const QUrl &next = {})
    {
        QJsonArray entries;
        for (int n = first; n < first + count; ++n)
            entries.append(QJsonObject{{QStringLiteral("resource"), observation(n)}});
        QJsonObject bundle{{QStringLiteral("resourceType"), QStringLiteral("Bundle")},
                           {QStringLiteral("type"), QStringLiteral("searchset")},
                           {QStringLiteral("entry"), entries}};
        if (next.isValid())
            bundle.insert(
                QStringLiteral("link"),
                QJsonArray{QJsonObject{{QStringLiteral("relation"), QStringLiteral("next")},
                                       {QStringLiteral("url"), next.toString()}}});
        return bundle;
    }

private:
    HttpAnswer authorization(const HttpRequest &request)
    {
        const QUrlQuery query(request.target);
        if (request.target.path() == QLatin1String("/auth/authorize")) {
            m_scope = query.queryItemValue(QStringLiteral("scope"), QUrl::FullyDecoded);
            QUrl back(query.queryItemValue(QStringLiteral("redirect_uri"), QUrl::FullyDecoded));
            QUrlQuery answer;
            answer.addQueryItem(QStringLiteral("code"), QStringLiteral("lying-code"));
            answer.addQueryItem(QStringLiteral("state"),
                                query.queryItemValue(QStringLiteral("state"), QUrl::FullyDecoded));
            back.setQuery(answer);
            HttpAnswer redirect;
            redirect.status = 302;
            redirect.headers = {{QByteArrayLiteral("Location"), back.toEncoded()}};
            return redirect;
        }
        if (request.target.path() == QLatin1String("/auth/token"))
            return ok(json({{QStringLiteral("access_token"), QString::fromLatin1(m_accessToken)},
                            {QStringLiteral("token_type"), QStringLiteral("Bearer")},
                            {QStringLiteral("expires_in"), 3600},
                            {QStringLiteral("scope"), m_scope},
                            {QStringLiteral("patient"), QStringLiteral("p1")},
                            {QStringLiteral("refresh_token"), QStringLiteral("lying-refresh")}}),
                      QByteArrayLiteral("application/json"));
        HttpAnswer missing;
        missing.status = 404;
        return missing;
    }

    HttpAnswer fhir(const HttpRequest &request)
    {
        const QString path = request.target.path();
        if (path == QLatin1String("/fhir/.well-known/smart-configuration"))
            return ok(json({{QStringLiteral("authorization_endpoint"),
                             m_auth.url(QStringLiteral("/auth/authorize")).toString()},
                            {QStringLiteral("token_endpoint"),
                             m_auth.url(QStringLiteral("/auth/token")).toString()},
                            {QStringLiteral("capabilities"),
                             QJsonArray{QStringLiteral("launch-standalone"),
                                        QStringLiteral("client-public"),
                                        QStringLiteral("context-standalone-patient"),
                                        QStringLiteral("permission-offline"),
                                        QStringLiteral("permission-patient")}},
                            {QStringLiteral("code_challenge_methods_supported"),
                             QJsonArray{QStringLiteral("S256")}}}),
                      QByteArrayLiteral("application/json"));
        if (path == QLatin1String("/fhir/Patient/p1"))
            return ok(json({{QStringLiteral("resourceType"), QStringLiteral("Patient")},
                            {QStringLiteral("id"), QStringLiteral("p1")},
                            {QStringLiteral("name"),
                             QJsonArray{QJsonObject{
                                 {QStringLiteral("family"), QStringLiteral("Lie")},
                                 {QStringLiteral("given"), QJsonArray{QStringLiteral("Pat")}}}}},
                            {QStringLiteral("birthDate"), QStringLiteral("1970-01-01")}}));
        const bool labSearch =
            path == QLatin1String("/fhir/Observation") &&
            QUrlQuery(request.target).queryItemValue(QStringLiteral("category")) ==
                QLatin1String("laboratory");
        // /fhir/labs...: the later pages a lying lab search links to.
        if (labSearch || path.startsWith(QLatin1String("/fhir/labs")))
            return m_labs(request);
        if (path == QLatin1String("/fhir/metadata") || !path.startsWith(QLatin1String("/fhir/"))) {
            HttpAnswer missing;
            missing.status = 404;
            return missing;
        }
        return ok(json(labPage(0, 0)));
    }

    LabsAnswer m_labs;
    RawHttpServer m_auth;
    RawHttpServer m_fhir;
    QByteArray m_accessToken;
    QString m_scope;
};

} // namespace kete::test
