#include "shell/mainwindow.h"

#include "clinician/clinicianworkspace.h"
#include "common/logging.h"
#include "common/version.h"
#include "connection/connection.h"
#include "connection/connectionmanager.h"
#include "dialogs/dialogs.h"
#include "fhir/fhirclient.h"
#include "inspector/connectiondetailsdialog.h"
#include "labs/labsview.h"
#include "record/patientrecord.h"
#include "record/recordview.h"
#include "shell/busypage.h"
#include "shell/connectiontargets.h"
#include "shell/demolauncher.h"
#include "shell/messagebar.h"
#include "shell/sessionview.h"
#include "shell/statusline.h"
#include "shell/welcomepage.h"
#include "signin/connectdialog.h"
#include "signin/signincoordinator.h"
#include "smart/session.h"
#include "storage/providerstore.h"

#include <QApplication>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QToolBar>
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
    , m_demo(new DemoLauncher(std::move(options.demo), this))
    , m_pages(new QStackedWidget(this))
    , m_welcome(new WelcomePage(m_pages))
    , m_busy(new BusyPage(m_pages))
    , m_messages(new MessageBar(this))
    , m_status(new StatusLine(statusBar()))
    , m_connectionBar(new QToolBar(tr("Connection"), this))
    , m_connectionLabel(new QLabel(this))
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
    createMenus();
    createToolBar();

    connect(m_welcome, &WelcomePage::connectRequested, this, &MainWindow::showConnectDialog);
    connect(m_welcome, &WelcomePage::demoRequested, this, &MainWindow::startDemo);
    connect(m_welcome, &WelcomePage::clinicianDemoRequested, this, &MainWindow::startClinicianDemo);
    connect(m_welcome, &WelcomePage::savedProviderChosen, this, &MainWindow::openSavedProvider);
    connect(m_welcome, &WelcomePage::forgetProviderRequested, this, &MainWindow::forgetProvider);
    connect(m_busy, &BusyPage::cancelRequested, this, [this] {
        m_demo->cancel();
        const bool signingIn = m_connections->signIn()->isRunning();
        m_connections->cancel(); // a sign-in's Cancel returns through onSignInFailed
        if (!signingIn)
            showWelcome();
    });
    connect(m_demo, &DemoLauncher::ready, this,
            [this](const QUrl &fhirBase) { beginSignIn(demoTarget(fhirBase, m_demoAudience)); });
    connect(m_demo, &DemoLauncher::failed, this, [this](const QString &message) {
        if (!returnToOpenRecord())
            showWelcome();
        m_messages->showError(Error{tr("The demo could not start on this computer."), message});
    });
    ConnectionManager *connections = m_connections.get();
    connect(connections, &ConnectionManager::stepChanged, m_busy, &BusyPage::setText);
    connect(connections, &ConnectionManager::opened, this, &MainWindow::showConnection);
    connect(connections, &ConnectionManager::signInFailed, this, &MainWindow::onSignInFailed);
    connect(connections, &ConnectionManager::restoreFailed, this, &MainWindow::onRestoreFailed);
    connect(connections, &ConnectionManager::problem, m_messages,
            [this](const Error &error) { m_messages->showError(error); });
    connect(connections, &ConnectionManager::providersChanged, this,
            [this] { m_welcome->setSavedProviders(providers()->providers()); });
    connect(m_messages, &MessageBar::retryRequested, this, [this] {
        if (patientRecord() && !signInHasEnded())
            reload();
        else
            signInAgain(); // a retry without a token would only fail again
    });
    connect(m_messages, &MessageBar::signInAgainRequested, this, &MainWindow::signInAgain);
    connect(m_messages, &MessageBar::lessAccessRequested, this, [this] {
        ConnectionTarget target = m_connections->lastTarget();
        target.request.access.essentialOnly = true;
        beginSignIn(std::move(target));
    });
    connect(m_messages, &MessageBar::connectionDetailsRequested, this,
            &MainWindow::showConnectionDetails);

    showWelcome();
    resize(1180, 780);
}

MainWindow::~MainWindow()
{
    // The views read the records' models: they go before the connections.
    delete m_sessionView;
}

void MainWindow::createMenus()
{
    auto *fileMenu = menuBar()->addMenu(tr("&File"));
    fileMenu->addAction(tr("&Connect to a provider…"), QKeySequence::Open, this,
                        &MainWindow::showConnectDialog);
    fileMenu->addAction(tr("Try the &demo"), this, &MainWindow::startDemo);
    fileMenu->addAction(tr("Try the demo as a c&linician"), this, &MainWindow::startClinicianDemo);
    fileMenu->addSeparator();
    m_recordActions.append(fileMenu->addAction(tr("&Export lab table…"), this, [this] {
        if (recordView())
            recordView()->labs()->exportTableInteractively();
    }));
    m_recordActions.append(fileMenu->addAction(tr("Save lab summary as &PDF…"), this, [this] {
        if (recordView())
            recordView()->labs()->saveSummaryPdfInteractively();
    }));
    fileMenu->addSeparator();
    m_signInAgainAction = fileMenu->addAction(tr("Sign &in again"), this, &MainWindow::signInAgain);
    m_signInAgainAction->setObjectName(QStringLiteral("signInAgainAction"));
    m_signOutAction = fileMenu->addAction(tr("&Sign out"), this, &MainWindow::signOut);
    m_forgetAction = fileMenu->addAction(tr("&Forget this provider"), this,
                                         [this] { forgetProvider(currentTarget().providerId); });
    fileMenu->addSeparator();
    fileMenu->addAction(tr("&Quit"), QKeySequence::Quit, qApp, &QApplication::quit);

    auto *viewMenu = menuBar()->addMenu(tr("&View"));
    const QList<std::tuple<QString, RecordView::Section, QString>> sections{
        {tr("&Summary"), RecordView::SummarySection, QStringLiteral("viewSummaryAction")},
        {tr("&Lab results"), RecordView::LabsSection, QStringLiteral("viewLabsAction")},
        {tr("&Conditions"), RecordView::ConditionsSection, QStringLiteral("viewConditionsAction")}};
    for (int i = 0; i < sections.size(); ++i) {
        const auto &[text, section, name] = sections[i];
        QAction *action = viewMenu->addAction(text, QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)),
                                              this, [this, section] {
                                                  if (RecordView *view = recordView())
                                                      view->showSection(section);
                                              });
        action->setObjectName(name);
        m_recordActions.append(action);
    }
    viewMenu->addSeparator();
    m_reloadAction =
        viewMenu->addAction(tr("&Reload"), QKeySequence::Refresh, this, &MainWindow::reload);
    m_recordActions.append(m_reloadAction);
    for (QAction *action : std::as_const(m_recordActions))
        action->setEnabled(false); // until a record is open (updateActions)

    auto *helpMenu = menuBar()->addMenu(tr("&Help"));
    helpMenu->addAction(tr("Connection &details…"), this, &MainWindow::showConnectionDetails);
    helpMenu->addAction(tr("&About Kete"), this, &MainWindow::showAbout);
    helpMenu->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

void MainWindow::createToolBar()
{
    m_connectionBar->setObjectName(QStringLiteral("connectionBar"));
    m_connectionBar->setMovable(false);
    m_connectionBar->setFloatable(false);
    m_connectionBar->toggleViewAction()->setEnabled(false);
    m_connectionLabel->setObjectName(QStringLiteral("connectionLabel"));
    m_connectionLabel->setContentsMargins(8, 0, 8, 0);
    auto *spacer = new QWidget(m_connectionBar);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    m_connectionBar->addWidget(m_connectionLabel);
    m_connectionBar->addWidget(spacer);
    m_connectionBar->addAction(m_reloadAction);
    m_connectionBar->addAction(m_signOutAction);
    addToolBar(Qt::TopToolBarArea, m_connectionBar);
}

void MainWindow::startDemo()
{
    startDemoAs(smart::ScopeAudience::Patient);
}

void MainWindow::startClinicianDemo()
{
    startDemoAs(smart::ScopeAudience::Clinician);
}

void MainWindow::startDemoAs(smart::ScopeAudience audience)
{
    if (m_connections->signIn()->isRunning())
        return;
    // The record open now stays until the demo's sign-in succeeds (Cancel returns to it).
    m_messages->dismiss();
    m_demoAudience = audience;
    showBusy(tr("Starting the demo: making up patients and their results…"));
    m_demo->request();
}

void MainWindow::showConnectDialog()
{
    if (m_connections->signIn()->isRunning())
        return;
    ConnectDialog dialog(this);
    if (dialog.exec() == QDialog::Accepted)
        beginSignIn(targetFromDialog(dialog));
}

void MainWindow::connectTo(const QUrl &fhirBase, const QString &clientId, smart::ScopeChoice access)
{
    if (const auto checked = fhir::FhirClient::checkServerUrl(fhirBase); !checked) {
        showWelcome();
        m_messages->showError(checked.error());
        return;
    }
    beginSignIn(targetForAddress(fhirBase, clientId, access));
}

void MainWindow::reopenLastProvider()
{
    const QString last = providers()->lastUsedProviderId();
    if (!last.isEmpty())
        restoreSavedProvider(last, AfterRestoreFailure::Explain);
}

void MainWindow::openSavedProvider(const QString &providerId)
{
    restoreSavedProvider(providerId, AfterRestoreFailure::SignIn);
}

void MainWindow::restoreSavedProvider(const QString &providerId, AfterRestoreFailure afterFailure)
{
    const auto provider = providers()->provider(providerId);
    if (!provider || m_connections->signIn()->isRunning())
        return;
    closeShown();
    m_messages->dismiss();
    m_afterRestoreFailure = afterFailure;
    showBusy(tr("Opening %1…").arg(provider->displayName));
    m_connections->restore(providerId);
}

void MainWindow::onRestoreFailed(const ConnectionTarget &target, const Error &error)
{
    if (m_afterRestoreFailure == AfterRestoreFailure::SignIn) {
        beginSignIn(target);
        return;
    }
    // At start: no browser the user did not ask for.
    showWelcome();
    m_messages->showMessage(
        tr("Kete could not reopen %1 by itself: %2").arg(target.displayName, error.message),
        MessageBar::Kind::Problem, MessageBar::SignInAgain);
}

void MainWindow::beginSignIn(ConnectionTarget target)
{
    m_messages->dismiss();
    showBusy(tr("Connecting to %1…").arg(target.displayName));
    m_connections->signIn(std::move(target));
}

void MainWindow::showConnection(Connection *connection)
{
    // One connection on screen: the one before closes (its saved sign-in stays).
    closeShown();
    m_shown = connection;
    connect(connection, &Connection::signInEnded, this, &MainWindow::showSignInEnded);
    connect(connection, &Connection::tokensChanged, this, &MainWindow::updateActions);
    connect(connection, &Connection::rememberFailed, this,
            [this](const Error &error) { m_messages->showError(error); });
    connect(connection, &Connection::recordOpened, this, &MainWindow::watchRecord);
    m_sessionView = new SessionView(connection, m_pages);
    connect(m_sessionView, &SessionView::whoChanged, this, &MainWindow::updateActions);
    connect(m_sessionView, &SessionView::currentRecordChanged, this, [this] {
        updateActions();
        updateStatus();
    });
    m_pages->addWidget(m_sessionView);
    m_pages->setCurrentWidget(m_sessionView);
    m_sessionView->start();
    // The sign-in window has closed: the record takes the keyboard.
    activateWindow();
    const smart::ScopeChoice access = connection->target().request.access;
    if (!connection->notGranted().isEmpty())
        m_messages->showMessage(tr("Kete shows what it may read: %1 were not shared in this "
                                   "sign-in. Sign in again to share them.")
                                    .arg(QLocale().createSeparatedList(connection->notGranted())),
                                MessageBar::Kind::Information, MessageBar::SignInAgain);
    else if (access.essentialOnly)
        m_messages->showMessage(tr("Signed in with less access: %1 are not included.")
                                    .arg(QLocale().createSeparatedList(
                                        smart::ScopeSet::leftOutByEssentialOnly(access))));
    updateActions();
    updateStatus();
}

void MainWindow::onSignInFailed(const ConnectionTarget &target, const Error &error)
{
    if (!returnToOpenRecord())
        showWelcome();
    if (smart::SignIn::isCancellation(error))
        return;
    qCInfo(lcUi) << "sign-in failed:" << error.detail;
    if (smart::SignIn::isScopeRefusal(error) && !target.request.access.essentialOnly) {
        m_messages->showError(
            Error{tr("%1 did not accept all the access Kete asks for. Kete can sign in with "
                     "less access; %2 will be missing.")
                      .arg(target.displayName.isEmpty() ? tr("Your provider") : target.displayName,
                           QLocale().createSeparatedList(
                               smart::ScopeSet::leftOutByEssentialOnly(target.request.access))),
                  error.detail},
            MessageBar::LessAccess | MessageBar::ConnectionDetails);
        return;
    }
    m_messages->showError(error, MessageBar::Retry | MessageBar::ConnectionDetails);
}

void MainWindow::watchRecord(record::PatientRecord *record)
{
    connect(record, &record::PatientRecord::patientChanged, this, &MainWindow::updateActions);
    connect(record, &record::PatientRecord::progressChanged, this, &MainWindow::updateStatus);
    connect(record, &record::PatientRecord::loaded, this,
            [this, record](const fhir::RecordOutcome &outcome) {
                updateStatus();
                if (record != patientRecord())
                    return;
                if (outcome.error && signInHasEnded())
                    showSignInEnded();
                else if (outcome.error)
                    m_messages->showError(*outcome.error,
                                          MessageBar::Retry | MessageBar::ConnectionDetails);
                else if (!outcome.notices.isEmpty())
                    m_messages->showMessage(outcome.notices.constFirst().message);
            });
}

void MainWindow::closeShown()
{
    if (m_sessionView) {
        m_pages->removeWidget(m_sessionView);
        delete m_sessionView;
    }
    if (m_shown) {
        m_shown->disconnect(this);
        m_connections->close(m_shown);
    }
}

bool MainWindow::returnToOpenRecord()
{
    if (!m_sessionView)
        return false;
    m_pages->setCurrentWidget(m_sessionView);
    updateActions();
    updateStatus();
    return true;
}

void MainWindow::signOut()
{
    if (!m_shown)
        return;
    Connection *connection = m_shown;
    delete m_sessionView;
    m_shown->disconnect(this);
    m_shown = nullptr;
    showBusy(tr("Signing out…"));
    m_connections->signOut(connection, [self = QPointer(this)](const Result<void> &signedOut) {
        if (!self)
            return;
        self->showWelcome();
        if (!signedOut)
            self->m_messages->showError(
                Error{tr("You are signed out of Kete, but your provider may not have heard of it: "
                         "%1")
                          .arg(signedOut.error().message),
                      signedOut.error().detail, signedOut.error().code});
        else
            self->m_messages->showMessage(
                tr("You are signed out. Kete no longer has access to your records."));
    });
}

void MainWindow::signInAgain()
{
    const ConnectionTarget target = currentTarget();
    if (m_connections->isBusy() || !target.request.fhirBase.isValid())
        return;
    beginSignIn(target);
}

bool MainWindow::signInHasEnded() const
{
    return m_shown && !m_shown->isSignedIn();
}

void MainWindow::showSignInEnded()
{
    qCInfo(lcUi) << "the sign-in has ended";
    const QString who = currentTarget().displayName;
    m_messages->showMessage(
        tr("Your sign-in to %1 has ended, so Kete cannot load anything more. What you see stays "
           "until you sign in again.")
            .arg(who.isEmpty() ? tr("your provider") : who),
        MessageBar::Kind::Problem, MessageBar::SignInAgain | MessageBar::ConnectionDetails);
    updateActions();
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
    if (m_shown && m_shown->providerId() == providerId)
        signOut();
    m_connections->forget(providerId, [self = QPointer(this)](const Result<void> &forgotten) {
        if (self && !forgotten)
            self->m_messages->showError(forgotten.error());
    });
}

void MainWindow::reload()
{
    if (record::PatientRecord *record = patientRecord())
        record->load();
    updateStatus();
}

void MainWindow::showWelcome()
{
    m_welcome->setSavedProviders(providers()->providers());
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
    m_signOutAction->setEnabled(connected);
    // After a sign-in that ended, or one that failed or was refused at start.
    m_signInAgainAction->setEnabled(!m_connections->isBusy() && target.request.fhirBase.isValid() &&
                                    (signInHasEnded() || !connected));
    for (QAction *action : std::as_const(m_recordActions))
        action->setEnabled(patientRecord() != nullptr);
    m_forgetAction->setEnabled(!target.providerId.isEmpty() &&
                               providers()->provider(target.providerId).has_value());
    m_connectionBar->setVisible(connected);
    if (connected && m_sessionView)
        m_connectionLabel->setText(
            QStringLiteral("<b>%1</b> · %2")
                .arg(target.displayName.toHtmlEscaped(), m_sessionView->whoText().toHtmlEscaped()));
}

void MainWindow::updateStatus()
{
    m_status->show(patientRecord(), m_sessionView != nullptr);
}

sandbox::SandboxHost *MainWindow::demoSandbox() const
{
    return m_demo->host();
}

RecordView *MainWindow::recordView() const
{
    return m_sessionView ? m_sessionView->currentRecordView() : nullptr;
}

record::PatientRecord *MainWindow::patientRecord() const
{
    return m_sessionView ? m_sessionView->currentRecord() : nullptr;
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
    QMessageBox::about(
        this, tr("About Kete"),
        tr("<h3>Kete %1</h3>"
           "<p>Your lab results and conditions from your health provider, through SMART on "
           "FHIR.</p>"
           "<p>Kete signs in with your provider's own sign-in page and keeps your sign-in in "
           "your system's keychain. Your health data stays on this computer.</p>"
           "<p>Built with Qt %2.</p>")
            .arg(versionString(), QString::fromLatin1(qVersion())));
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
