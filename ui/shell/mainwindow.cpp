#include "shell/mainwindow.h"

#include "brands/directoryfromaddress.h"
#include "brands/importdirectory.h"
#include "brands/providersearch.h"
#include "clinician/clinicianworkspace.h"
#include "common/transportpolicy.h"
#include "connection/connection.h"
#include "connection/connectionmanager.h"
#include "dialogs/dialogs.h"
#include "inspector/connectiondetailsdialog.h"
#include "labs/labsview.h"
#include "providers/patienthome.h"
#include "record/patientrecord.h"
#include "record/recordview.h"
#include "shell/busypage.h"
#include "shell/connectflow.h"
#include "shell/connectionmessages.h"
#include "shell/demolauncher.h"
#include "shell/sessionview.h"
#include "shell/statusline.h"
#include "shell/welcomepage.h"
#include "shell/windowactions.h"
#include "signin/signincoordinator.h"
#include "smart/session.h"
#include "storage/providerstore.h"
#include "widgets/messagebar.h"

#include <QAction>
#include <QApplication>
#include <QDesktopServices>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QVBoxLayout>

namespace kete::ui {

using connection::Connection;
using connection::ConnectionManager;
using connection::ConnectionTarget;

MainWindow::MainWindow(MainWindowOptions options, QWidget *parent)
    : QMainWindow(parent)
    , m_ownSettings(options.settings ? nullptr : std::make_unique<QSettings>())
    , m_signInPages(new SignInCoordinator(this))
    , m_connections(std::make_unique<ConnectionManager>(
          options.settings ? options.settings : m_ownSettings.get(), options.keychainService,
          m_signInPages->pages()))
    , m_flow(new ConnectFlow(m_connections.get(), std::move(options.demo), this))
    , m_pages(new QStackedWidget(this))
    , m_welcome(new WelcomePage(m_pages))
    , m_busy(new BusyPage(m_pages))
    , m_messages(new MessageBar(this))
    , m_status(new StatusLine(statusBar()))
    , m_actions(std::make_unique<WindowActions>(this))
    , m_directoryFromAddress(new DirectoryFromAddress(new QNetworkAccessManager(this), this))
{
    setWindowTitle(tr("Kete"));
    m_signInPages->attach(m_connections->signIn());
    m_pages->addWidget(m_welcome);
    m_pages->addWidget(m_busy);
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_messages);
    layout->addWidget(m_pages, 1);
    setCentralWidget(central);
    connectActions();

    connect(m_welcome, &WelcomePage::connectRequested, this, &MainWindow::showConnectDialog);
    connect(m_welcome, &WelcomePage::directoryProviderChosen, this,
            [this](const QUrl &fhirBase, const QString &name) {
                if (!m_flow->isSigningIn())
                    m_flow->connectTo(fhirBase, {}, {}, name);
            });
    connect(m_welcome, &WelcomePage::demoRequested, this, &MainWindow::startDemo);
    connect(m_welcome, &WelcomePage::backToRecordRequested, this, [this] {
        m_addingProvider = false;
        returnToOpenRecord();
    });
    connect(m_welcome, &WelcomePage::clinicianDemoRequested, this, &MainWindow::startClinicianDemo);
    connect(m_welcome, &WelcomePage::savedProviderChosen, this, &MainWindow::openSavedProvider);
    connect(m_welcome, &WelcomePage::forgetProviderRequested, this, &MainWindow::forgetProvider);
    connect(m_busy, &BusyPage::cancelRequested, this, [this] {
        if (!m_flow->cancel())
            showWelcome();
    });
    connect(m_flow, &ConnectFlow::busy, this, [this](const QString &text) {
        m_messages->dismiss();
        showBusy(text);
    });
    connect(m_flow, &ConnectFlow::failed, this,
            [this](const ConnectionTarget &target, const Error &error) {
                if (!returnToOpenRecord())
                    showWelcome();
                ConnectionMessages(m_messages).signInFailed(target, error);
            });
    connect(m_flow, &ConnectFlow::restoreExplained, this,
            [this](const ConnectionTarget &target, const Error &error) {
                showWelcome();
                ConnectionMessages(m_messages).restoreFailed(target, error);
            });
    connect(m_flow, &ConnectFlow::couldNotStart, this, [this](const Error &error) {
        if (!returnToOpenRecord())
            showWelcome();
        m_messages->showError(error);
    });
    ConnectionManager *connections = m_connections.get();
    connect(connections, &ConnectionManager::stepChanged, m_busy, &BusyPage::setText);
    connect(connections, &ConnectionManager::opened, this, &MainWindow::showConnection);
    connect(connections, &ConnectionManager::serverDirectoryLoaded, m_welcome,
            [this](std::shared_ptr<const brands::BrandsIndex> index) {
                m_welcome->providerSearch()->addDirectory(std::move(index), true);
            });
    connect(connections, &ConnectionManager::problem, m_messages,
            [this](const Error &error) { m_messages->showError(error); });
    connect(connections, &ConnectionManager::providersChanged, this,
            &MainWindow::listSavedProviders);
    connect(m_messages, &MessageBar::retryRequested, this, [this] {
        if (m_shown && m_shown->isOffline() && !m_shown->isSignInRefused())
            m_connections->reconnect(m_shown);
        else if (patientRecord() && !signInHasEnded())
            reload();
        else
            signInAgain(); // a retry without a token would only fail again
    });
    connect(m_messages, &MessageBar::signInAgainRequested, this, &MainWindow::signInAgain);
    connect(m_messages, &MessageBar::lessAccessRequested, m_flow,
            &ConnectFlow::signInWithLessAccess);
    connect(m_messages, &MessageBar::connectionDetailsRequested, this,
            &MainWindow::showConnectionDetails);

    connect(m_directoryFromAddress, &DirectoryFromAddress::directoryChanged, this,
            [this](std::shared_ptr<const brands::BrandsIndex> index) {
                m_welcome->providerSearch()->setDirectory(QStringLiteral("remote"),
                                                          std::move(index));
            });
    connect(m_directoryFromAddress, &DirectoryFromAddress::busyChanged, this,
            &MainWindow::updateActions);

    showWelcome();
    resize(1180, 780);
    // A directory imported from an address is read again, quietly: If-None-Match or the
    // content hash keep the index when nothing changed.
    m_directoryFromAddress->refreshQuietly();
}

MainWindow::~MainWindow()
{
    // The views read the records' models: they go before the connections.
    delete m_sessionView;
}

void MainWindow::connectActions()
{
    const WindowActions &actions = *m_actions;
    connect(actions.connectToProvider, &QAction::triggered, this, &MainWindow::showConnectDialog);
    connect(actions.importDirectory, &QAction::triggered, this, [this] {
        importProviderDirectory(this, [this](std::shared_ptr<const brands::BrandsIndex> index) {
            m_welcome->providerSearch()->setDirectory(QStringLiteral("imported"), std::move(index));
        });
    });
    connect(actions.importDirectoryFromAddress, &QAction::triggered, m_directoryFromAddress,
            &DirectoryFromAddress::importInteractively);
    connect(actions.refreshDirectory, &QAction::triggered, m_directoryFromAddress,
            &DirectoryFromAddress::refreshInteractively);
    connect(actions.manageAccess, &QAction::triggered, this, &MainWindow::manageAccess);
    connect(actions.demo, &QAction::triggered, this, &MainWindow::startDemo);
    connect(actions.clinicianDemo, &QAction::triggered, this, &MainWindow::startClinicianDemo);
    connect(actions.exportTable, &QAction::triggered, this, [this] {
        if (recordView())
            recordView()->labs()->exportTableInteractively();
    });
    connect(actions.saveSummaryPdf, &QAction::triggered, this, [this] {
        if (recordView())
            recordView()->labs()->saveSummaryPdfInteractively();
    });
    connect(actions.signInAgain, &QAction::triggered, this, &MainWindow::signInAgain);
    connect(actions.addProvider, &QAction::triggered, this, &MainWindow::addProvider);
    connect(actions.signOut, &QAction::triggered, this, &MainWindow::signOut);
    connect(actions.keepCopy, &QAction::toggled, this, &MainWindow::setKeepCopy);
    connect(actions.forget, &QAction::triggered, this,
            [this] { forgetProvider(currentTarget().providerId); });
    connect(actions.quit, &QAction::triggered, qApp, &QApplication::quit);
    for (const auto &[action, section] : actions.sections) {
        connect(action, &QAction::triggered, this, [this, section = section] {
            if (RecordView *view = recordView())
                view->showSection(section);
        });
    }
    connect(actions.reload, &QAction::triggered, this, &MainWindow::reload);
    connect(actions.compact, &QAction::toggled, this, [this](bool compact) {
        if (ClinicianWorkspace *desk = clinicianWorkspace())
            desk->setCompact(compact);
        else if (PatientHome *home = m_sessionView ? m_sessionView->home() : nullptr)
            home->setCompact(compact);
    });
    connect(actions.connectionDetails, &QAction::triggered, this,
            &MainWindow::showConnectionDetails);
    connect(actions.about, &QAction::triggered, this, &MainWindow::showAbout);
    connect(actions.aboutQt, &QAction::triggered, qApp, &QApplication::aboutQt);
}

void MainWindow::startDemo()
{
    // Adding a provider to the demo patient's record: the demo's second provider.
    m_flow->startDemo(smart::ScopeAudience::Patient, m_addingProvider
                                                         ? sandbox::Organisation::Hospital
                                                         : sandbox::Organisation::Gp);
}

void MainWindow::startClinicianDemo()
{
    m_flow->startDemo(smart::ScopeAudience::Clinician);
}

void MainWindow::showConnectDialog()
{
    m_flow->askForProvider();
}

void MainWindow::connectTo(const QUrl &fhirBase, const QString &clientId, smart::ScopeChoice access)
{
    m_flow->connectTo(fhirBase, clientId, access);
}

void MainWindow::reopenLastProvider()
{
    m_flow->reopenLast();
}

void MainWindow::openSavedProvider(const QString &providerId)
{
    if (m_flow->isSigningIn() || !providers()->provider(providerId))
        return;
    if (!m_addingProvider)
        closeShown();
    m_flow->openSaved(providerId);
}

void MainWindow::addProvider()
{
    if (!m_sessionView || !m_sessionView->home() || m_flow->isSigningIn())
        return;
    m_addingProvider = true;
    showWelcome();
}

bool MainWindow::joinShown(Connection *connection)
{
    if (!m_sessionView || !m_sessionView->home() || connection->isClinician())
        return false;
    const bool again = m_sessionView->home()->connectionWithKey(connection->providerKey());
    if (!m_addingProvider && !again)
        return false;
    m_addingProvider = false;
    if (Connection *replaced = m_sessionView->addProvider(connection)) {
        if (replaced == m_shown)
            m_shown = connection;
        m_connections->close(replaced); // a new sign-in to the same provider replaces it
    }
    watchConnection(connection);
    m_pages->setCurrentWidget(m_sessionView);
    activateWindow();
    ConnectionMessages(m_messages).opened(*connection);
    updateActions();
    updateStatus();
    return true;
}

void MainWindow::watchConnection(Connection *connection)
{
    connect(connection, &Connection::stillOffline, this, [this, connection](const Error &why) {
        const record::PatientRecord *record = m_sessionView && m_sessionView->home()
                                                  ? m_sessionView->home()->recordOf(connection)
                                                  : nullptr;
        ConnectionMessages(m_messages).offline(record ? record->dataAsOf() : QDateTime(), why);
        updateActions();
    });
    connect(connection, &Connection::resumed, m_messages, &MessageBar::dismiss);
}

void MainWindow::showConnection(Connection *connection)
{
    if (joinShown(connection))
        return;
    m_addingProvider = false;
    // One connection on screen: the one before closes (its saved sign-in stays).
    closeShown();
    m_shown = connection;
    m_sessionView = new SessionView(connection, m_pages);
    connect(m_sessionView, &SessionView::changed, this, [this] {
        updateActions();
        updateStatus();
    });
    connect(m_sessionView, &SessionView::loaded, this, [this](const fhir::RecordOutcome &outcome) {
        if (outcome.error && signInHasEnded())
            showSignInEnded(m_shown);
        else
            ConnectionMessages(m_messages).loaded(outcome);
    });
    connect(m_sessionView, &SessionView::signInEnded, this, &MainWindow::showSignInEnded);
    connect(m_sessionView, &SessionView::problem, m_messages,
            [this](const Error &error) { m_messages->showError(error); });
    if (PatientHome *home = m_sessionView->home()) {
        connect(home, &PatientHome::refreshRequested, this, &MainWindow::refreshProvider);
        connect(home, &PatientHome::signInAgainRequested, this,
                [this](Connection *ended) { m_flow->signIn(ended->target()); });
        connect(home, &PatientHome::removeRequested, this, &MainWindow::removeProvider);
    }
    m_pages->addWidget(m_sessionView);
    m_pages->setCurrentWidget(m_sessionView);
    m_sessionView->start();
    // A clinician's desk starts compact; a patient's own record with more air.
    m_actions->compact->setChecked(connection->isClinician());
    // The sign-in window has closed: the record takes the keyboard.
    activateWindow();
    ConnectionMessages(m_messages).opened(*connection);
    watchConnection(connection);
    updateActions();
    updateStatus();
}

void MainWindow::closeShown()
{
    const QList<Connection *> open = shownConnections();
    if (m_sessionView) {
        m_pages->removeWidget(m_sessionView);
        delete m_sessionView;
    }
    for (Connection *connection : std::as_const(open))
        m_connections->close(connection);
}

void MainWindow::refreshProvider(Connection *connection)
{
    PatientHome *home = m_sessionView ? m_sessionView->home() : nullptr;
    if (!home)
        return;
    if (connection->isOffline())
        m_connections->reconnect(connection); // the record loads once the sign-in is back
    else if (record::PatientRecord *record = home->recordOf(connection))
        record->load();
    updateStatus();
}

void MainWindow::removeProvider(Connection *connection)
{
    if (!m_sessionView || m_sessionView->connections().size() < 2)
        return;
    const QString name = connection->target().displayName;
    const auto answer = dialogs::question(
        this, tr("Remove %1?").arg(name),
        tr("Kete signs out of %1 and takes its results out of your record on this computer. "
           "Your records at the provider are not affected.")
            .arg(name),
        QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer != QMessageBox::Yes)
        return;
    m_sessionView->removeProvider(connection);
    if (connection == m_shown)
        m_shown = m_sessionView->connection();
    const QString providerId = connection->providerId();
    const auto reportProblem = [self = QPointer(this)](const Result<void> &done) {
        if (self && !done)
            self->m_messages->showError(done.error());
    };
    // A saved provider goes with its sign-in and its kept copy; the demo's is only signed out.
    if (providers()->provider(providerId))
        m_connections->forget(providerId, reportProblem);
    else
        m_connections->signOut(connection, reportProblem);
    m_messages->showMessage(tr("%1 is removed.").arg(name));
    updateActions();
    updateStatus();
}

bool MainWindow::returnToOpenRecord()
{
    m_addingProvider = false;
    if (!m_sessionView)
        return false;
    m_pages->setCurrentWidget(m_sessionView);
    updateActions();
    updateStatus();
    return true;
}

void MainWindow::setKeepCopy(bool keep)
{
    const auto saved = m_shown ? providers()->provider(m_shown->providerId()) : std::nullopt;
    if (!saved)
        return;
    ProviderSettings changed = *saved;
    changed.keepOfflineCopy = keep;
    providers()->save(changed);
    if (!keep)
        removeKeptCopies(changed.id);
    m_messages->showMessage(keep ? tr("Kete will keep a copy of your record on this computer, "
                                      "encrypted, from your next sign-in.")
                                 : tr("The copy of your record on this computer is deleted."));
}

void MainWindow::removeKeptCopies(const QString &providerId)
{
    m_connections->removeKeptCopies(providerId, [self = QPointer(this)](const Result<void> &done) {
        if (self && !done)
            self->m_messages->showError(done.error());
    });
}

void MainWindow::signOut()
{
    if (!m_shown)
        return;
    const QList<Connection *> open = shownConnections();
    PatientHome *home = m_sessionView ? m_sessionView->home() : nullptr;
    const bool keptCopy = home && std::any_of(open.cbegin(), open.cend(), [home](Connection *c) {
                              return c->keptCopy(home->recordOf(c)) != nullptr;
                          });
    if (keptCopy) {
        const auto answer = dialogs::question(
            this, tr("Keep your record on this computer?"),
            tr("Kete keeps an encrypted copy of your record so that it opens at once and "
               "offline. Keep it for your next sign-in, or delete it now?"),
            QMessageBox::Yes | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Yes);
        if (answer == QMessageBox::Cancel)
            return;
        if (answer == QMessageBox::Discard) {
            for (Connection *connection : open)
                removeKeptCopies(connection->providerId());
        }
    }
    signOutShown();
}

void MainWindow::signOutShown()
{
    const QList<Connection *> open = shownConnections();
    delete m_sessionView;
    m_shown = nullptr;
    showBusy(tr("Signing out…"));
    // Every provider on screen is signed out of; the first problem is the one told.
    struct Progress
    {
        qsizetype left;
        Result<void> outcome;
    };
    auto progress = std::make_shared<Progress>(Progress{open.size(), {}});
    for (Connection *connection : open) {
        m_connections->signOut(
            connection, [self = QPointer(this), progress](const Result<void> &signedOut) {
                if (!signedOut && progress->outcome)
                    progress->outcome = signedOut;
                if (--progress->left > 0 || !self)
                    return;
                self->showWelcome();
                ConnectionMessages(self->m_messages).signedOut(progress->outcome);
            });
    }
}

void MainWindow::signInAgain()
{
    const ConnectionTarget target = m_signInEnded ? m_signInEnded->target() : currentTarget();
    m_signInEnded = nullptr;
    if (!m_connections->isBusy() && target.request.fhirBase.isValid())
        m_flow->signIn(target);
}

bool MainWindow::signInHasEnded() const
{
    return m_shown && !m_shown->isSignedIn();
}

void MainWindow::showSignInEnded(Connection *connection)
{
    const record::PatientRecord *record = connection && m_sessionView && m_sessionView->home()
                                              ? m_sessionView->home()->recordOf(connection)
                                              : patientRecord();
    m_signInEnded = connection;
    ConnectionMessages(m_messages)
        .signInEnded(connection ? connection->target() : currentTarget(),
                     record && record->isShowingKeptCopy() ? record->dataAsOf() : QDateTime());
    updateActions();
    updateStatus();
}

void MainWindow::forgetProvider(const QString &providerId)
{
    const auto provider = providers()->provider(providerId);
    if (!provider)
        return;
    const auto answer = dialogs::question(
        this, tr("Forget %1?").arg(provider->displayName),
        tr("Kete removes %1 and its saved sign-in from this computer. Your records at the "
           "provider are not affected.")
            .arg(provider->displayName),
        QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer != QMessageBox::Yes)
        return;
    // Forgetting deletes the kept copy anyway: no question whether to keep it.
    const QList<Connection *> open = shownConnections();
    if (open.size() > 1) { // the others stay on screen
        for (Connection *connection : open) {
            if (connection->providerId() == providerId)
                m_sessionView->removeProvider(connection);
        }
        m_shown = m_sessionView->connection();
    } else if (m_shown && m_shown->providerId() == providerId) {
        signOutShown();
    }
    m_connections->forget(providerId, [self = QPointer(this)](const Result<void> &forgotten) {
        if (self && !forgotten)
            self->m_messages->showError(forgotten.error());
    });
}

void MainWindow::reload()
{
    if (m_sessionView && m_sessionView->home()) {
        for (Connection *connection : m_sessionView->connections())
            refreshProvider(connection);
        return;
    }
    if (m_shown && m_shown->isOffline())
        m_connections->reconnect(m_shown); // the record loads once the sign-in is back
    else if (record::PatientRecord *record = patientRecord())
        record->load();
    updateStatus();
}

void MainWindow::listSavedProviders()
{
    const QList<ProviderSettings> saved = providers()->providers();
    m_welcome->setSavedProviders(saved);
    for (const ProviderSettings &provider : saved) {
        m_connections->findKeptCopy(provider.id,
                                    [welcome = QPointer(m_welcome), id = provider.id](bool kept) {
                                        if (welcome && kept)
                                            welcome->showKeptCopy(id);
                                    });
    }
}

void MainWindow::showWelcome()
{
    if (!m_sessionView || !m_sessionView->home())
        m_addingProvider = false;
    m_welcome->setAddingProvider(m_addingProvider);
    listSavedProviders();
    m_pages->setCurrentWidget(m_welcome);
    updateActions();
    updateStatus();
}

void MainWindow::showBusy(const QString &text)
{
    m_busy->setText(text);
    m_pages->setCurrentWidget(m_busy);
    updateActions();
}

const ConnectionTarget &MainWindow::currentTarget() const
{
    return m_shown ? m_shown->target() : m_connections->lastTarget();
}

void MainWindow::updateActions()
{
    const bool connected = m_shown != nullptr;
    const ConnectionTarget &target = currentTarget();
    const auto saved =
        target.providerId.isEmpty() ? std::nullopt : providers()->provider(target.providerId);
    if (RecordView *view = recordView()) { // printed pages name the providers
        QStringList names;
        for (const Connection *connection : m_sessionView->connections())
            names << connection->target().displayName;
        view->labs()->setProviderName(names.join(QStringLiteral(", ")));
    }
    m_actions->update({connected,
                       !m_connections->isBusy() && target.request.fhirBase.isValid() &&
                           (signInHasEnded() || !connected),
                       patientRecord() != nullptr,
                       m_sessionView && m_sessionView->home() && !m_flow->isSigningIn(),
                       saved.has_value(),
                       connected && saved && !saved->clinician && m_shown->isRemembered(),
                       saved && saved->keepOfflineCopy, target.displayName,
                       m_sessionView ? m_sessionView->whoText() : QString(),
                       session() ? session()->configuration().managementEndpoint : QUrl(),
                       DirectoryFromAddress::hasSavedAddress(), m_directoryFromAddress->isBusy()});
}

void MainWindow::updateStatus()
{
    m_status->show(shownRecord(), m_sessionView != nullptr);
    // On a clinician's desk the title names the patient in front, and nobody else.
    const ClinicianWorkspace *desk = clinicianWorkspace();
    const QString patient = desk ? desk->currentPatientName() : QString();
    setWindowTitle(patient.isEmpty() ? tr("Kete") : tr("%1 — Kete").arg(patient));
}

sandbox::SandboxHost *MainWindow::demoSandbox() const
{
    return m_flow->demo()->host();
}

RecordView *MainWindow::recordView() const
{
    return m_sessionView ? m_sessionView->currentRecordView() : nullptr;
}

record::PatientRecord *MainWindow::patientRecord() const
{
    return m_sessionView ? m_sessionView->currentRecord() : nullptr;
}

QList<Connection *> MainWindow::shownConnections() const
{
    if (m_sessionView)
        return m_sessionView->connections();
    return m_shown ? QList<Connection *>{m_shown} : QList<Connection *>{};
}

record::ShownRecord *MainWindow::shownRecord() const
{
    return m_sessionView ? m_sessionView->shownRecord() : nullptr;
}

ClinicianWorkspace *MainWindow::clinicianWorkspace() const
{
    return m_sessionView ? m_sessionView->workspace() : nullptr;
}

smart::Session *MainWindow::session() const
{
    return m_shown ? m_shown->session().get() : nullptr;
}

ProviderStore *MainWindow::providers() const
{
    return m_connections->providers();
}

inspector::ConnectionLog *MainWindow::connectionLog() const
{
    return m_connections->log();
}

QString MainWindow::statusText() const
{
    return m_status->text();
}

void MainWindow::showAbout()
{
    dialogs::aboutKete(this);
}

void MainWindow::manageAccess()
{
    const QUrl url = session() ? session()->configuration().managementEndpoint : QUrl();
    if (!url.isValid() || checkTransport(url))
        return; // the action is hidden then; a stale trigger opens nothing
    if (!QDesktopServices::openUrl(url))
        m_messages->showMessage(
            tr("Kete could not open your web browser. The address is %1").arg(url.toString()));
}

void MainWindow::showConnectionDetails()
{
    if (!m_connectionDetails) {
        m_connectionDetails = new ConnectionDetailsDialog(connectionLog(), this);
        m_connectionDetails->setAttribute(Qt::WA_DeleteOnClose);
    }
    m_connectionDetails->show();
    m_connectionDetails->raise();
    m_connectionDetails->activateWindow();
}

} // namespace kete::ui
