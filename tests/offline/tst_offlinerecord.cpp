#include "connection/connection.h"
#include "connection/connectionmanager.h"
#include "offline/offlinecopy.h"
#include "offline/offlinekeys.h"
#include "offline/offlinestore.h"
#include "record/patientrecord.h"
#include "sandbox/server/sandboxhost.h"
#include "smart/session.h"
#include "storage/chunkedsecretstore.h"
#include "storage/providerstore.h"
#include "support/apprun.h"
#include "support/connectionopened.h"
#include "support/sandboxtarget.h"

#include <QDir>
#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace kete;
using namespace kete::connection;

using test::AppRun;

namespace {

constexpr int kTimeout = 60000;
const QString kKeychainService = QStringLiteral("org.kete.Kete.tests.offlinerecord");

std::unique_ptr<sandbox::SandboxHost> startSandbox(bool admin = false)
{
    sandbox::SandboxOptions options;
    options.admin = admin;
    options.largePatientObservations = 300;
    options.autoApproveUser = QStringLiteral("amy-shaw");
    auto host = std::make_unique<sandbox::SandboxHost>(options);
    QSignalSpy started(host.get(), &sandbox::SandboxHost::started);
    host->start();
    return started.wait(kTimeout) ? std::move(host) : nullptr;
}

struct Counts
{
    int observations = 0;
    int conditions = 0;
    int labRows = 0;
    QString patientName;

    friend bool operator==(const Counts &, const Counts &) = default;
};

Counts countsOf(const record::PatientRecord &record)
{
    return {record.store()->observationCount(), record.store()->conditionCount(),
            record.labTests()->rowCount(), record.patient().displayName()};
}

// The sandbox's test hook: /admin next to /fhir.
struct Admin
{
    QNetworkAccessManager *network;
    QUrl fhirBase;

    QUrl url(const QString &path) const
    {
        return fhirBase.resolved(QUrl(QStringLiteral("../admin/") + path));
    }
    int send(const QByteArray &verb, const QString &path, const QJsonObject &body = {},
             QJsonObject *answer = nullptr) const
    {
        QNetworkRequest request(url(path));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        QNetworkReply *reply = network->sendCustomRequest(
            request, verb, body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson());
        if (!QTest::qWaitFor([&] { return reply->isFinished(); }, kTimeout))
            return 0;
        if (answer)
            *answer = QJsonDocument::fromJson(reply->readAll()).object();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        reply->deleteLater();
        return status;
    }
    QJsonObject stats() const
    {
        QJsonObject counts;
        send("GET", QStringLiteral("stats"), {}, &counts);
        return counts;
    }
};

QJsonObject glucose(const QString &id, double value)
{
    const QJsonObject coding{{QStringLiteral("system"), QStringLiteral("http://loinc.org")},
                             {QStringLiteral("code"), QStringLiteral("2345-7")},
                             {QStringLiteral("display"), QStringLiteral("Glucose")}};
    const QJsonObject laboratory{
        {QStringLiteral("system"),
         QStringLiteral("http://terminology.hl7.org/CodeSystem/observation-category")},
        {QStringLiteral("code"), QStringLiteral("laboratory")}};
    return {{QStringLiteral("resourceType"), QStringLiteral("Observation")},
            {QStringLiteral("id"), id},
            {QStringLiteral("status"), QStringLiteral("final")},
            {QStringLiteral("category"),
             QJsonArray{QJsonObject{{QStringLiteral("coding"), QJsonArray{laboratory}}}}},
            {QStringLiteral("code"), QJsonObject{{QStringLiteral("coding"), QJsonArray{coding}}}},
            {QStringLiteral("subject"),
             QJsonObject{{QStringLiteral("reference"), QStringLiteral("Patient/amy-shaw")}}},
            {QStringLiteral("effectiveDateTime"), QStringLiteral("2026-12-01T08:30:00Z")},
            {QStringLiteral("valueQuantity"),
             QJsonObject{{QStringLiteral("value"), value},
                         {QStringLiteral("unit"), QStringLiteral("mmol/L")},
                         {QStringLiteral("system"), QStringLiteral("http://unitsofmeasure.org")},
                         {QStringLiteral("code"), QStringLiteral("mmol/L")}}}};
}

QByteArray keptFiles(const QString &folder)
{
    QByteArray all;
    QDirIterator files(folder, QDir::Files, QDirIterator::Subdirectories);
    while (files.hasNext()) {
        QFile file(files.next());
        if (file.open(QIODevice::ReadOnly))
            all += file.readAll();
    }
    return all;
}

// One byte of one sealed row changed in place, as a disk error or a meddler would.
bool flipOneSealedByte(const QString &file)
{
    const QString name = QStringLiteral("tamper");
    bool flipped = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(file);
        QSqlQuery query(db);
        if (db.open() &&
            query.exec(QStringLiteral("SELECT id, sealed FROM rows LIMIT 1 OFFSET 7")) &&
            query.next()) {
            const QByteArray id = query.value(0).toByteArray();
            QByteArray sealed = query.value(1).toByteArray();
            sealed[sealed.size() / 2] = char(sealed.at(sealed.size() / 2) ^ 0x01);
            QSqlQuery update(db);
            update.prepare(QStringLiteral("UPDATE rows SET sealed = ? WHERE id = ?"));
            update.addBindValue(sealed);
            update.addBindValue(id);
            flipped = update.exec() && update.numRowsAffected() == 1;
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return flipped;
}

QStringList keptFileNames(const QString &folder)
{
    return QDir(folder).entryList(QDir::Files);
}

} // namespace

// The record kept on this computer, end to end: the real sandbox over HTTP, the real keychain,
// the real SQLite file. Sign in and load; quit; start again with the server gone; the record
// shows from the copy. Tampering and a lost key are noticed; forgetting deletes it.
class TestOfflineRecord : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QNetworkAccessManager m_network; // the stand-in browser's
    QString settingsFile() const { return m_dir.filePath(QStringLiteral("kete.ini")); }

    // Signs in, loads, waits for the copy to be written. Returns the provider id.
    static QString signInAndKeep(AppRun &run, const QUrl &fhirBase, Counts *counts)
    {
        run.manager.signIn(test::sandboxTarget(fhirBase));
        Connection *connection = test::waitForOpened(run.manager, kTimeout);
        if (!connection)
            return {};
        record::PatientRecord *record =
            connection->openRecord(connection->session()->tokens().patient);
        offline::OfflineCopy *copy = connection->keptCopy(record);
        if (!copy)
            return {};
        QSignalSpy saved(copy, &offline::OfflineCopy::saved);
        connection->loadRecord(record);
        if (!saved.wait(kTimeout))
            return {};
        *counts = countsOf(*record);
        return connection->providerId();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true); // the copies' folder
        QVERIFY(m_dir.isValid());
    }

    void init()
    {
        QFile::remove(settingsFile());
        QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).removeRecursively();
    }

    void reopensOfflineWithTheSameCounts()
    {
        auto server = startSandbox();
        QVERIFY(server);
        Counts online;
        QString providerId;
        QString folder;
        {
            AppRun first(settingsFile(), &m_network, kKeychainService);
            providerId = signInAndKeep(first, server->fhirBaseUrl(), &online);
            QVERIFY(!providerId.isEmpty());
            QVERIFY(online.observations > 100);
            QVERIFY(online.conditions > 0);
            folder = first.manager.keptCopiesFolder();
        }
        server.reset(); // the provider cannot be reached

        AppRun next(settingsFile(), &m_network, kKeychainService);
        next.manager.restore(providerId);
        Connection *connection = test::waitForOpened(next.manager, kTimeout);
        QVERIFY(connection);
        QVERIFY(connection->isOffline());
        record::PatientRecord *record =
            connection->openRecord(connection->session()->tokens().patient);
        QSignalSpy opened(connection->keptCopy(record), &offline::OfflineCopy::opened);
        connection->loadRecord(record);
        QVERIFY(opened.wait(kTimeout));
        QCOMPARE(countsOf(*record), online);
        QVERIFY(record->isShowingKeptCopy());
        QVERIFY(record->dataAsOf().isValid());
        QVERIFY(!record->isLoading());
        QVERIFY(QTest::qWaitFor([&] { return !next.manager.isBusy(); }, kTimeout));
        QVERIFY(connection->isOffline());
        QVERIFY(record->mayRead(u"Observation")); // what the last sign-in was granted
    }

    void incrementalSyncBringsExactlyTheChanges()
    {
        auto server = startSandbox(true);
        QVERIFY(server);
        const Admin admin{&m_network, server->fhirBaseUrl()};
        QString providerId;
        QString amendedId;
        QString deletedId;
        Counts online;
        {
            AppRun first(settingsFile(), &m_network, kKeychainService);
            providerId = signInAndKeep(first, server->fhirBaseUrl(), &online);
            QVERIFY(!providerId.isEmpty());
            const record::RecordStore *store =
                first.manager.connections().constFirst()->records().constFirst()->store();
            amendedId = store->observationAt(0).value.id;
            deletedId = store->observationAt(1).value.id;
        }
        QCOMPARE(admin.send("PUT", QStringLiteral("Observation/offline-new"),
                            glucose(QStringLiteral("offline-new"), 5.5)),
                 201);
        QCOMPARE(
            admin.send("PUT", QStringLiteral("Observation/") + amendedId, glucose(amendedId, 9.75)),
            200);
        QCOMPARE(admin.send("DELETE", QStringLiteral("Observation/") + deletedId), 204);
        QCOMPARE(admin.send("POST", QStringLiteral("stats/reset")), 200);

        AppRun next(settingsFile(), &m_network, kKeychainService);
        next.manager.restore(providerId);
        Connection *connection = test::waitForOpened(next.manager, kTimeout);
        QVERIFY(connection);
        record::PatientRecord *record =
            connection->openRecord(connection->session()->tokens().patient);
        offline::OfflineCopy *copy = connection->keptCopy(record);
        QSignalSpy saved(copy, &offline::OfflineCopy::saved);
        QSignalSpy loaded(record, &record::PatientRecord::loaded);
        connection->loadRecord(record);
        QVERIFY(saved.wait(kTimeout));
        QVERIFY(loaded.constFirst().constFirst().value<fhir::RecordOutcome>().incremental);
        // Only what changed came: one page per search, not the record again.
        const QJsonObject stats = admin.stats();
        QVERIFY2(stats.value(QStringLiteral("pages")).toInt() <= 4,
                 QJsonDocument(stats).toJson().constData());
        const QString source = record->source();
        const fhir::Observation *added = record->store()->observation(
            {source, QStringLiteral("Observation"), QStringLiteral("offline-new")});
        QVERIFY(added);
        const fhir::Observation *amended =
            record->store()->observation({source, QStringLiteral("Observation"), amendedId});
        QVERIFY(amended);
        QCOMPARE(amended->value.numeric(), std::optional<double>(9.75));
        QCOMPARE(record->store()->observationCount(), online.observations + 1);

        // A full sync: what the server deleted goes, here and in the copy.
        record->setUpdatedSince({});
        record->load();
        QVERIFY(saved.wait(kTimeout));
        QVERIFY(!record->store()->observation({source, QStringLiteral("Observation"), deletedId}));
        QCOMPARE(record->store()->observationCount(), online.observations);
    }

    void storeFilesHoldNothingReadable()
    {
        auto server = startSandbox();
        QVERIFY(server);
        AppRun run(settingsFile(), &m_network, kKeychainService);
        Counts counts;
        QVERIFY(!signInAndKeep(run, server->fhirBaseUrl(), &counts).isEmpty());
        const QString folder = run.manager.keptCopiesFolder();
        const QStringList names = keptFileNames(folder);
        QCOMPARE(names.size(), 1);
        const QFileInfo file(QDir(folder).filePath(names.constFirst()));
        QCOMPARE(file.permissions() &
                     (QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup | QFile::WriteOther),
                 QFile::Permissions());

        const Connection *connection = run.manager.connections().constFirst();
        const record::PatientRecord *record = connection->records().constFirst();
        const fhir::Patient &patient = record->patient();
        const fhir::Observation &observation = record->store()->observationAt(0).value;
        QStringList needles{patient.id, patient.displayName()};
        for (const fhir::HumanName &name : patient.names)
            needles.append(name.family);
        for (const fhir::Identifier &identifier : patient.identifiers)
            needles.append(identifier.value);
        for (const fhir::Coding &coding : observation.code.codings)
            needles.append(coding.code);
        needles.append(observation.code.text);
        needles.append(observation.id);
        needles.removeAll(QString());
        QVERIFY(needles.size() >= 5);
        const QByteArray bytes = keptFiles(folder);
        QVERIFY(bytes.size() > 10000);
        for (const QString &needle : std::as_const(needles)) {
            QVERIFY2(!bytes.contains(needle.toUtf8()), qPrintable(needle));
            QVERIFY2(!bytes.contains(needle.toLatin1()), qPrintable(needle));
        }
        QVERIFY(!bytes.contains("Observation"));
        QVERIFY(!bytes.contains("amy-shaw"));
    }

    void tamperedCopyIsReportedAndReplaced()
    {
        auto server = startSandbox();
        QVERIFY(server);
        QString providerId;
        Counts online;
        {
            AppRun first(settingsFile(), &m_network, kKeychainService);
            providerId = signInAndKeep(first, server->fhirBaseUrl(), &online);
            QVERIFY(!providerId.isEmpty());
            const QString folder = first.manager.keptCopiesFolder();
            QVERIFY(flipOneSealedByte(QDir(folder).filePath(keptFileNames(folder).constFirst())));
        }
        AppRun next(settingsFile(), &m_network, kKeychainService);
        next.manager.restore(providerId);
        Connection *connection = test::waitForOpened(next.manager, kTimeout);
        QVERIFY(connection);
        record::PatientRecord *record =
            connection->openRecord(connection->session()->tokens().patient);
        offline::OfflineCopy *copy = connection->keptCopy(record);
        QSignalSpy damaged(copy, &offline::OfflineCopy::damaged);
        QSignalSpy saved(copy, &offline::OfflineCopy::saved);
        connection->loadRecord(record);
        QVERIFY(damaged.wait(kTimeout));
        QCOMPARE(damaged.constFirst().constFirst().value<Error>().code,
                 ErrorCode::OfflineCopyDamaged);
        // A fresh sync replaces it, in full.
        QVERIFY(saved.wait(kTimeout));
        QCOMPARE(countsOf(*record), online);
    }

    void lostKeyLeavesTheFileUnreadable()
    {
        auto server = startSandbox();
        QVERIFY(server);
        QString providerId;
        QString folder;
        Counts online;
        {
            AppRun first(settingsFile(), &m_network, kKeychainService);
            providerId = signInAndKeep(first, server->fhirBaseUrl(), &online);
            QVERIFY(!providerId.isEmpty());
            folder = first.manager.keptCopiesFolder();
        }
        const QString file = QDir(folder).filePath(keptFileNames(folder).constFirst());
        {
            ChunkedSecretStore secrets(kKeychainService);
            offline::OfflineKeys keys(&secrets);
            std::optional<Result<void>> removed;
            keys.remove(providerId, QStringLiteral("amy-shaw"),
                        [&](const Result<void> &done) { removed = done; });
            QVERIFY(QTest::qWaitFor([&] { return removed.has_value(); }, kTimeout));
            QVERIFY(*removed);
        }
        QVERIFY(QFile::exists(file));
        // Without its key no other key opens it.
        QVERIFY(!offline::OfflineStore::open(file, providerId, QByteArray(32, '\x01')));

        AppRun next(settingsFile(), &m_network, kKeychainService);
        next.manager.restore(providerId);
        Connection *connection = test::waitForOpened(next.manager, kTimeout);
        QVERIFY(connection);
        QVERIFY(connection->isSignedIn()); // no key, no copy to show first
        record::PatientRecord *record =
            connection->openRecord(connection->session()->tokens().patient);
        offline::OfflineCopy *copy = connection->keptCopy(record);
        QSignalSpy nothingKept(copy, &offline::OfflineCopy::nothingKept);
        QSignalSpy saved(copy, &offline::OfflineCopy::saved);
        connection->loadRecord(record);
        QVERIFY(nothingKept.wait(kTimeout) || !nothingKept.isEmpty());
        QVERIFY(saved.wait(kTimeout)); // re-synced under a new key
        QCOMPARE(countsOf(*record), online);
        QCOMPARE(keptFileNames(folder).size(), 2); // the old file is noise, the new one is read
    }

    void forgettingDeletesTheCopyAndItsKey()
    {
        auto server = startSandbox();
        QVERIFY(server);
        AppRun run(settingsFile(), &m_network, kKeychainService);
        Counts counts;
        const QString providerId = signInAndKeep(run, server->fhirBaseUrl(), &counts);
        QVERIFY(!providerId.isEmpty());
        const QString folder = run.manager.keptCopiesFolder();
        QCOMPARE(keptFileNames(folder).size(), 1);
        std::optional<Result<void>> forgotten;
        run.manager.forget(providerId, [&](const Result<void> &done) { forgotten = done; });
        QVERIFY(QTest::qWaitFor([&] { return forgotten.has_value(); }, kTimeout));
        QVERIFY(QTest::qWaitFor([&] { return keptFileNames(folder).isEmpty(); }, kTimeout));
        ChunkedSecretStore secrets(kKeychainService);
        offline::OfflineKeys keys(&secrets);
        std::optional<Result<std::optional<QByteArray>>> found;
        keys.find(providerId, QStringLiteral("amy-shaw"),
                  [&](Result<std::optional<QByteArray>> key) { found = std::move(key); });
        QVERIFY(QTest::qWaitFor([&] { return found.has_value(); }, kTimeout));
        QVERIFY(found->ok());
        QVERIFY(!found->value().has_value());
    }

    void clinicianAndDemoKeepNothing()
    {
        auto server = startSandbox();
        QVERIFY(server);
        AppRun run(settingsFile(), &m_network, kKeychainService);
        ConnectionTarget target = test::sandboxTarget(server->fhirBaseUrl());
        target.remember = false; // as the demo
        run.manager.signIn(target);
        Connection *connection = test::waitForOpened(run.manager, kTimeout);
        QVERIFY(connection);
        record::PatientRecord *record =
            connection->openRecord(connection->session()->tokens().patient);
        QVERIFY(!connection->keptCopy(record));
        QSignalSpy loaded(record, &record::PatientRecord::loaded);
        connection->loadRecord(record);
        QVERIFY(loaded.wait(kTimeout));
        QVERIFY(keptFileNames(run.manager.keptCopiesFolder()).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestOfflineRecord)
#include "tst_offlinerecord.moc"
