#pragma once

// What the end-to-end GUI tests share: driving the embedded browser as a person would,
// screenshots, what the sandbox holds, the real keychain, and the captured log.

#include "connection/connection.h"
#include "connection/connectionmanager.h"
#include "fhir/observation.h"
#include "models/labtestsmodel.h"
#include "offline/offlinecopy.h"
#include "sandbox/data/resourcestore.h"
#include "sandbox/faults.h"
#include "sandbox/server/sandboxhost.h"
#include "shell/mainwindow.h"
#include "storage/providerstore.h"
#include "support/screenshot.h"

#include <QDir>
#include <QMutex>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>
#include <QWebEnginePage>
#include <QWebEngineView>
#include <QWidget>

namespace journey {

using namespace kete;

inline QMutex logMutex;
inline QStringList capturedLog;
inline QtMessageHandler previousHandler = nullptr;

inline void captureMessage(QtMsgType type, const QMessageLogContext &context,
                           const QString &message)
{
    {
        QMutexLocker lock(&logMutex);
        capturedLog.append(QString::fromLatin1(context.category ? context.category : "") +
                           QLatin1Char(' ') + message);
    }
    if (previousHandler)
        previousHandler(type, context, message);
}

inline constexpr int kLoadTimeout = 120000;

// A main window of its own for a test: its settings file, its keychain service, a small demo.
inline ui::MainWindowOptions windowOptions(QSettings *settings, const QString &keychainService,
                                           int largePatientObservations = 1000)
{
    ui::MainWindowOptions options;
    options.settings = settings;
    options.keychainService = keychainService;
    options.demo.largePatientObservations = largePatientObservations;
    return options;
}

inline QVariant runJavaScript(QWebEngineView *view, const QString &script)
{
    QVariant result;
    bool done = false;
    view->page()->runJavaScript(script, [&](const QVariant &value) {
        result = value;
        done = true;
    });
    if (!QTest::qWaitFor([&] { return done; }, 20000))
        return QStringLiteral("<timeout>");
    return result;
}

// Waits until the page shows `selector`, as a person waits for a page to appear.
// What the page says, as a person reads it.
inline QString pageText(QWebEngineView *view)
{
    return runJavaScript(view, QStringLiteral("document.body ? document.body.innerText : ''"))
        .toString();
}

// The SMART sandbox on its own thread with small data and the given faults; nullptr if it did
// not start.
inline std::unique_ptr<sandbox::SandboxHost> startSandbox(int largePatientObservations = 500,
                                                          const QList<sandbox::Fault> &faults = {},
                                                          quint16 port = 0)
{
    sandbox::SandboxOptions options;
    options.port = port;
    options.largePatientObservations = largePatientObservations;
    for (const sandbox::Fault fault : faults)
        options.faults.enable(fault);
    auto host = std::make_unique<sandbox::SandboxHost>(options);
    QSignalSpy started(host.get(), &sandbox::SandboxHost::started);
    host->start();
    if (!started.wait(kLoadTimeout))
        return nullptr;
    return host;
}

inline bool waitForElement(QWebEngineView *view, const QString &selector)
{
    const QString script = QStringLiteral("document.querySelector('%1') !== null").arg(selector);
    return QTest::qWaitFor([&] { return runJavaScript(view, script).toBool(); }, 30000);
}

// Signs in on the sandbox's pages as `user` (password "demo") and approves, as a person would.
inline bool signInAndApprove(QWebEngineView *view, const QString &user)
{
    if (!waitForElement(view, QStringLiteral("#username")))
        return false;
    runJavaScript(view, QStringLiteral("document.querySelector('#username').value = '%1';"
                                       "document.querySelector('#password').value = 'demo';"
                                       "document.querySelector('#sign-in').click();")
                            .arg(user));
    if (!waitForElement(view, QStringLiteral("#approve")))
        return false;
    runJavaScript(view, QStringLiteral("document.querySelector('#approve').click();"));
    return true;
}

using test::saveScreenshot;

// The test keys of the lab results (and blood pressure) the server holds for a patient, read
// straight from the sandbox's store: what the lab table must show after paging through it all.
inline QSet<QString> serverTestKeys(const sandbox::ResourceStore &store, const QString &patientId)
{
    QSet<QString> keys;
    for (const QJsonObject &json : store.all(QStringLiteral("Observation"))) {
        if (sandbox::ResourceStore::patientOf(json) != patientId)
            continue;
        const auto observation = fhir::parseObservation(json);
        if (!observation || observation->isHidden() || observation->isPanel())
            continue;
        const bool vitalBloodPressure =
            observation->hasCategory(u"vital-signs") && fhir::isBloodPressure(*observation);
        if (!observation->hasCategory(u"laboratory") && !vitalBloodPressure)
            continue;
        keys.insert(models::LabTestsModel::testKeyFor(*observation));
    }
    return keys;
}

// What the keychain holds for the provider's last patient ("" when nothing), read for real.
inline QByteArray keychainRefreshToken(ProviderStore &store, const QString &providerId)
{
    std::optional<Result<std::optional<QByteArray>>> answer;
    store.readRefreshToken(
        providerId, [&](Result<std::optional<QByteArray>> token) { answer = std::move(token); });
    if (!QTest::qWaitFor([&] { return answer.has_value(); }, 10000) || !answer->ok())
        return QByteArrayLiteral("<keychain unreadable>");
    return answer->value().value_or(QByteArray());
}

// Whether the record on screen has been written to its copy on this computer (a window closed
// before that keeps nothing).
inline bool waitUntilCopyKept(const ui::MainWindow &window)
{
    return QTest::qWaitFor(
        [&] {
            for (const connection::Connection *open : window.connections()->connections()) {
                const offline::OfflineCopy *copy = open->keptCopy(window.patientRecord());
                if (copy && copy->syncedAt().isValid())
                    return true;
            }
            return false;
        },
        kLoadTimeout);
}

inline QSet<QString> modelTestKeys(const models::LabTestsModel &model)
{
    QSet<QString> keys;
    for (int row = 0; row < model.rowCount(); ++row)
        keys.insert(model.testKey(row));
    return keys;
}

} // namespace journey
