#include "shell/mainwindow.h"

#include "clinician/clinicianworkspace.h"
#include "common/logging.h"
#include "common/version.h"
#include "dialogs/dialogs.h"
#include "fhir/fhirclient.h"
#include "inspector/connectiondetailsdialog.h"
#include "inspector/connectionlog.h"
#include "labs/labsview.h"
#include "record/patientrecord.h"
#include "record/recordview.h"
#include "sandbox/server/sandboxhost.h"
#include "shell/busypage.h"
#include "shell/demolauncher.h"
#include "shell/messagebar.h"
#include "shell/sessionview.h"
#include "shell/welcomepage.h"
#include "signin/connectdialog.h"
#include "smart/savedsignin.h"
#include "smart/session.h"
#include "smart/smartdiscovery.h"
#include "storage/chunkedsecretstore.h"
#include "storage/providerstore.h"

#include <QApplication>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QProgressBar>
#include <QSettings>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QToolBar>
#include <QVBoxLayout>

namespace kete::ui {

namespace {

smart::ClientRegistration keteClient(const QString &clientId = {})
{
    return smart::ClientRegistration{clientId.isEmpty() ? ConnectDialog::defaultClientId()
                                                        : clientId,
                                     {},
                                     ConnectDialog::defaultRedirectUri(),
                                     smart::BrowserMode::Embedded};
}

bool isNothingSaved(const Error &error)
{
    return error.code == ErrorCode::NothingSaved;
}

} // namespace

MainWindow::MainWindow(MainWindowOptions options, QWidget *parent)
    : QMainWindow(parent)
    , m_ownSettings(options.settings ? nullptr : std::make_unique<QSettings>())
    , m_settings(options.settings ? options.settings : m_ownSettings.get())
    , m_secrets(std::make_unique<ChunkedSecretStore>(options.keychainService))
    , m_providers(std::make_unique<ProviderStore>(m_settings, m_secrets.get()))
    , m_network(new QNetworkAccessManager(this))
    , m_signIn(new SignInCoordinator(m_network, this))
    , m_connectionLog(new inspector::ConnectionLog(this))
    , m_demo(new DemoLauncher(std::move(options.demo), this))
    , m_pages(new QStackedWidget(this))
    , m_welcome(new WelcomePage(m_pages))
    , m_busy(new BusyPage(m_pages))
    , m_messages(new MessageBar(this))
    , m_connectionBar(new QToolBar(tr("Connection"), this))
    , m_connectionLabel(new QLabel(this))
    , m_statusLabel(new QLabel(this))
    , m_statusProgress(new QProgressBar(this))
{
    setWindowTitle(tr("Kete"));
    m_pages->addWidget(m_welcome);
    m_pages->addWidget(m_busy);

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_messages);
    layout->addWidget(m_pages, 1);
    setCentralWidget(central);

    m_statusLabel->setObjectName(QStringLiteral("statusText"));
    m_statusProgress->setMaximumWidth(160);
    m_statusProgress->setTextVisible(false);
    m_statusProgress->hide();
    statusBar()->addWidget(m_statusLabel, 1);
    statusBar()->addPermanentWidget(m_statusProgress);
    m_statusLabel->setText(tr("Not connected"));

    createMenus();
    createToolBar();

    connect(m_welcome, &WelcomePage::connectRequested, this, &MainWindow::showConnectDialog);
    connect(m_welcome, &WelcomePage::demoRequested, this, &MainWindow::startDemo);
    connect(m_welcome, &WelcomePage::clinicianDemoRequested, this, &MainWindow::startClinicianDemo);
    connect(m_welcome, &WelcomePage::savedProviderChosen, this, &MainWindow::openSavedProvider);
    connect(m_welcome, &WelcomePage::forgetProviderRequested, this, &MainWindow::forgetProvider);
    connect(m_busy, &BusyPage::cancelRequested, this, [this] {
        m_demo->cancel();
        ++m_restoreAttempt; // a restore still under way is dropped when it answers
        if (m_signIn->isRunning())
            m_signIn->cancel();
        else
            showWelcome();
    });
    connect(m_demo, &DemoLauncher::ready, this, &MainWindow::onDemoReady);
    connect(m_demo, &DemoLauncher::failed, this, [this](const QString &message) {
        if (!returnToOpenRecord())
            showWelcome();
        m_messages->showError(Error{tr("The demo could not start on this computer."), message});
    });
    connect(m_signIn, &SignInCoordinator::stepChanged, m_busy, &BusyPage::setText);
    connect(m_signIn, &SignInCoordinator::succeeded, this, &MainWindow::onSignedIn);
    connect(m_signIn, &SignInCoordinator::failed, this, &MainWindow::onSignInFailed);
    connect(m_signIn, &SignInCoordinator::systemBrowserChosen, this,
            [this] { m_target.request.client.browserMode = smart::BrowserMode::SystemBrowser; });
    connect(m_messages, &MessageBar::retryRequested, this, [this] {
        if (signInHasEnded())
            signInAgain(); // a retry without a token would only fail again
        else if (patientRecord())
            reload();
        else if (m_target.request.fhirBase.isValid())
            signInToSaved(m_target);
    });
    connect(m_messages, &MessageBar::signInAgainRequested, this, &MainWindow::signInAgain);
    connect(m_messages, &MessageBar::lessAccessRequested, this, [this] {
        m_target.request.access.essentialOnly = true;
        signInAgain();
    });
    connect(m_messages, &MessageBar::connectionDetailsRequested, this,
            &MainWindow::showConnectionDetails);
    m_connectionLog->watchSignIn(m_signIn->discovery(), m_signIn->flow());

    showWelcome();
    resize(1180, 780);
}

MainWindow::~MainWindow()
{
    // The views read the record's models: they go first.
    closeRecord();
}

void MainWindow::createMenus()
{
    auto *fileMenu = menuBar()->addMenu(tr("&File"));
    fileMenu->addAction(tr("&Connect to a provider…"), QKeySequence::Open, this,
                        &MainWindow::showConnectDialog);
    fileMenu->addAction(tr("Try the &demo"), this, &MainWindow::startDemo);
    fileMenu->addAction(tr("Try the demo as a c&linician"), this, &MainWindow::startClinicianDemo);
    fileMenu->addSeparator();
    m_exportAction = fileMenu->addAction(tr("&Export lab table…"), this, [this] {
        if (recordView())
            recordView()->labs()->exportTableInteractively();
    });
    m_printAction = fileMenu->addAction(tr("Save lab summary as &PDF…"), this, [this] {
        if (recordView())
            recordView()->labs()->saveSummaryPdfInteractively();
    });
    fileMenu->addSeparator();
    m_signInAgainAction = fileMenu->addAction(tr("Sign &in again"), this, &MainWindow::signInAgain);
    m_signInAgainAction->setObjectName(QStringLiteral("signInAgainAction"));
    m_signOutAction = fileMenu->addAction(tr("&Sign out"), this, &MainWindow::signOut);
    m_forgetAction = fileMenu->addAction(tr("&Forget this provider"), this,
                                         [this] { forgetProvider(m_target.providerId); });
    fileMenu->addSeparator();
    fileMenu->addAction(tr("&Quit"), QKeySequence::Quit, qApp, &QApplication::quit);

    auto *viewMenu = menuBar()->addMenu(tr("&View"));
    const QList<std::pair<QString, RecordView::Section>> sections{
        {tr("&Summary"), RecordView::SummarySection},
        {tr("&Lab results"), RecordView::LabsSection},
        {tr("&Conditions"), RecordView::ConditionsSection}};
    const QStringList sectionNames{QStringLiteral("viewSummaryAction"),
                                   QStringLiteral("viewLabsAction"),
                                   QStringLiteral("viewConditionsAction")};
    for (int i = 0; i < sections.size(); ++i) {
        const RecordView::Section section = sections[i].second;
        QAction *action =
            viewMenu->addAction(sections[i].first, QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)),
                                this, [this, section] {
                                    if (RecordView *view = recordView())
                                        view->showSection(section);
                                });
        action->setObjectName(sectionNames[i]);
        action->setEnabled(false); // until a record is open (updateActions)
        m_sectionActions.append(action);
    }
    viewMenu->addSeparator();
    m_reloadAction =
        viewMenu->addAction(tr("&Reload"), QKeySequence::Refresh, this, &MainWindow::reload);

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
    if (m_signIn->isRunning())
        return;
    // The record open now stays until the demo's sign-in succeeds (Cancel returns to it).
    m_messages->dismiss();
    m_demoAudience = audience;
    showBusy(tr("Starting the demo: making up patients and their results…"));
    m_demo->request();
}

void MainWindow::onDemoReady(const QUrl &fhirBase)
{
    // The clinician demo shows the provider's own patient picker too; Kete's search follows.
    beginSignIn(
        Target{{},
               tr("Demo Health (on this computer)"),
               SignInRequest{fhirBase, keteClient(), smart::ScopeChoice{m_demoAudience, true}},
               false});
}

void MainWindow::showConnectDialog()
{
    if (m_signIn->isRunning())
        return;
    ConnectDialog dialog(this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const smart::BrowserMode mode = dialog.useSystemBrowser() ? smart::BrowserMode::SystemBrowser
                                                              : smart::BrowserMode::Embedded;
    Target target{{}, dialog.displayName(), {}, true};
    target.request.fhirBase = smart::normalizedFhirBase(dialog.fhirBaseUrl());
    target.request.client = smart::ClientRegistration{
        dialog.clientId(), dialog.clientSecret().toUtf8(), dialog.redirectUri(), mode};
    target.request.access =
        smart::ScopeChoice{dialog.signsInAsClinician() ? smart::ScopeAudience::Clinician
                                                       : smart::ScopeAudience::Patient,
                           dialog.ehrPicksPatient()};
    beginSignIn(target);
}

void MainWindow::connectTo(const QUrl &fhirBase, const QString &clientId, smart::ScopeChoice access)
{
    if (const auto checked = fhir::FhirClient::checkServerUrl(fhirBase); !checked) {
        showWelcome();
        m_messages->showError(checked.error());
        return;
    }
    const QUrl base = smart::normalizedFhirBase(fhirBase);
    beginSignIn(Target{{}, base.host(), SignInRequest{base, keteClient(clientId), access}, true});
}

void MainWindow::reopenLastProvider()
{
    const QString last = m_providers->lastUsedProviderId();
    if (!last.isEmpty())
        restoreSavedProvider(last, AfterRestoreFailure::Explain);
}

void MainWindow::openSavedProvider(const QString &providerId)
{
    restoreSavedProvider(providerId, AfterRestoreFailure::SignIn);
}

void MainWindow::restoreSavedProvider(const QString &providerId, AfterRestoreFailure afterFailure)
{
    const auto provider = m_providers->provider(providerId);
    if (!provider || m_signIn->isRunning())
        return;
    closeRecord();
    m_messages->dismiss();
    Target target{provider->id, provider->displayName, {}, true};
    target.request.fhirBase = provider->fhirBase;
    target.request.client =
        smart::ClientRegistration{provider->clientId,
                                  {},
                                  provider->redirectUri,
                                  provider->useSystemBrowser ? smart::BrowserMode::SystemBrowser
                                                             : smart::BrowserMode::Embedded};
    target.request.access = smart::ScopeChoice{provider->clinician ? smart::ScopeAudience::Clinician
                                                                   : smart::ScopeAudience::Patient,
                                               provider->ehrPicksPatient};
    m_target = target;
    m_connectionLog->reset(provider->fhirBase);
    showBusy(tr("Opening %1…").arg(provider->displayName));
    QPointer<MainWindow> self(this);
    const quint64 attempt = ++m_restoreAttempt;
    smart::restoreSignIn(
        *m_providers, providerId, m_network,
        [self, target, afterFailure,
         attempt](Result<std::shared_ptr<smart::Session>> restored) mutable {
            if (!self || self->m_restoreAttempt != attempt)
                return;
            if (restored) {
                self->m_connectionLog->recordRefresh(
                    true, tr("saved sign-in reopened without the browser"));
                self->openRecord(restored.value());
                return;
            }
            if (!isNothingSaved(restored.error()))
                qCInfo(lcUi) << "saved sign-in not used:" << restored.error().detail;
            if (afterFailure == AfterRestoreFailure::SignIn) {
                self->signInToSaved(target);
                return;
            }
            // At start: no browser the user did not ask for.
            self->showWelcome();
            self->m_messages->showMessage(tr("Kete could not reopen %1 by itself: %2")
                                              .arg(target.displayName, restored.error().message),
                                          MessageBar::Kind::Problem, MessageBar::SignInAgain);
        });
}

void MainWindow::signInToSaved(Target target)
{
    const auto provider = m_providers->provider(target.providerId);
    if (!provider || !provider->hasClientSecret || !target.request.client.clientSecret.isEmpty()) {
        beginSignIn(std::move(target));
        return;
    }
    // A confidential client needs its secret from the keychain first.
    QPointer<MainWindow> self(this);
    m_providers->readClientSecret(target.providerId,
                                  [self, target](Result<std::optional<QByteArray>> secret) mutable {
                                      if (!self)
                                          return;
                                      if (secret && secret.value())
                                          target.request.client.clientSecret = *secret.value();
                                      self->beginSignIn(target);
                                  });
}

void MainWindow::beginSignIn(Target target)
{
    ++m_restoreAttempt;
    // The record open now stays until this sign-in succeeds: a Cancel or a failure returns to it.
    if (m_session && !m_keptTarget)
        m_keptTarget = m_target;
    m_target = std::move(target);
    m_messages->dismiss();
    m_connectionLog->reset(m_target.request.fhirBase);
    showBusy(tr("Connecting to %1…").arg(m_target.displayName));
    m_signIn->start(m_target.request);
}

void MainWindow::onSignedIn(const smart::SignInResult &result)
{
    std::shared_ptr<smart::Session> session = smart::Session::fromSignIn(result);
    // Saved first, so that what the record and the desk remember has its provider.
    if (m_target.remember)
        m_target.providerId = saveProvider(result).id;
    openRecord(session);
    if (m_target.remember) {
        smart::rememberSignIn(*session, *m_providers, m_target.providerId);
        m_welcome->setSavedProviders(m_providers->providers());
    }
    if (!result.notGranted.isEmpty())
        m_messages->showMessage(tr("Kete shows what it may read: %1 were not shared in this "
                                   "sign-in. Sign in again to share them.")
                                    .arg(QLocale().createSeparatedList(result.notGranted)),
                                MessageBar::Kind::Information, MessageBar::SignInAgain);
    else if (m_target.request.access.essentialOnly)
        m_messages->showMessage(
            tr("Signed in with less access: %1 are not included.")
                .arg(QLocale().createSeparatedList(
                    smart::ScopeSet::leftOutByEssentialOnly(m_target.request.access))));
    updateActions();
}

void MainWindow::onSignInFailed(const Error &error)
{
    if (!returnToOpenRecord())
        showWelcome();
    if (SignInCoordinator::isCancellation(error))
        return;
    qCInfo(lcUi) << "sign-in failed:" << error.detail;
    if (SignInCoordinator::isScopeRefusal(error) && !m_target.request.access.essentialOnly) {
        m_messages->showError(
            Error{tr("%1 did not accept all the access Kete asks for. Kete can sign in with "
                     "less access; %2 will be missing.")
                      .arg(m_target.displayName.isEmpty() ? tr("Your provider")
                                                          : m_target.displayName,
                           QLocale().createSeparatedList(
                               smart::ScopeSet::leftOutByEssentialOnly(m_target.request.access))),
                  error.detail},
            MessageBar::LessAccess | MessageBar::ConnectionDetails);
        return;
    }
    m_messages->showError(error, MessageBar::Retry | MessageBar::ConnectionDetails);
}

ProviderSettings MainWindow::saveProvider(const smart::SignInResult &result)
{
    ProviderSettings provider;
    for (const ProviderSettings &saved : m_providers->providers()) {
        if (saved.fhirBase == result.configuration.fhirBase &&
            saved.clientId == result.client.clientId)
            provider = saved;
    }
    if (provider.id.isEmpty() || !m_target.displayName.isEmpty())
        provider.displayName = m_target.displayName;
    provider.fhirBase = result.configuration.fhirBase;
    provider.clientId = result.client.clientId;
    provider.redirectUri = result.client.redirectUri;
    provider.useSystemBrowser = result.client.browserMode == smart::BrowserMode::SystemBrowser;
    provider.clinician = m_target.request.access.audience == smart::ScopeAudience::Clinician;
    provider.ehrPicksPatient = m_target.request.access.ehrPicksPatient;
    provider = m_providers->save(provider);
    if (result.client.isConfidential()) {
        QPointer<MessageBar> messages(m_messages);
        m_providers->storeClientSecret(provider.id, result.client.clientSecret,
                                       [messages](const Result<void> &stored) {
                                           if (!stored && messages)
                                               messages->showError(stored.error());
                                       });
    }
    return provider;
}

void MainWindow::openRecord(std::shared_ptr<smart::Session> session)
{
    closeRecord();
    m_session = std::move(session);
    connect(m_session.get(), &smart::Session::signInRequired, this, &MainWindow::showSignInEnded);
    connect(m_session.get(), &smart::Session::tokensChanged, this, &MainWindow::updateActions);
    connect(m_session.get(), &smart::Session::rememberFailed, this,
            [this](const Error &error) { m_messages->showError(error); });
    m_connectionLog->watchSession(m_session.get());

    const bool remember = m_target.remember && !m_target.providerId.isEmpty();
    m_sessionView =
        new SessionView(m_session, m_target.request.access.audience,
                        remember ? m_providers.get() : nullptr, m_target.providerId, m_pages);
    connect(m_sessionView, &SessionView::recordOpened, this, &MainWindow::watchRecord);
    connect(m_sessionView, &SessionView::whoChanged, this, &MainWindow::updateActions);
    connect(m_sessionView, &SessionView::currentRecordChanged, this, [this] {
        updateActions();
        updateStatus();
    });
    m_pages->addWidget(m_sessionView);
    m_pages->setCurrentWidget(m_sessionView);
    m_sessionView->start();
    if (remember)
        m_providers->setLastUsedProvider(m_target.providerId);
    // The sign-in window has closed: the record takes the keyboard.
    activateWindow();
    updateActions();
    updateStatus();
}

void MainWindow::watchRecord(record::PatientRecord *record)
{
    m_connectionLog->watchClient(record->client());
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

void MainWindow::closeRecord()
{
    if (m_sessionView) {
        m_pages->removeWidget(m_sessionView);
        delete m_sessionView;
    }
    if (m_session)
        m_session->disconnect(this);
    m_session.reset();
    m_keptTarget.reset();
}

bool MainWindow::returnToOpenRecord()
{
    if (!m_sessionView)
        return false;
    if (m_keptTarget) {
        m_target = std::move(*m_keptTarget);
        m_keptTarget.reset();
    }
    m_pages->setCurrentWidget(m_sessionView);
    updateActions();
    updateStatus();
    return true;
}

void MainWindow::signOut()
{
    if (!m_session)
        return;
    std::shared_ptr<smart::Session> session = m_session;
    closeRecord();
    m_providers->setLastUsedProvider({});
    showBusy(tr("Signing out…"));
    QPointer<MainWindow> self(this);
    session->signOut([self, session](const Result<void> &signedOut) mutable {
        // Called from inside the session: let it go once that call has returned.
        QMetaObject::invokeMethod(
            qApp, [doomed = std::move(session)] {}, Qt::QueuedConnection);
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
    if (m_signIn->isRunning() || !m_target.request.fhirBase.isValid())
        return;
    signInToSaved(m_target);
}

bool MainWindow::signInHasEnded() const
{
    return m_session && !m_session->isSignedIn();
}

void MainWindow::showSignInEnded()
{
    qCInfo(lcUi) << "the sign-in has ended";
    const QString who = m_target.displayName.isEmpty() ? tr("your provider") : m_target.displayName;
    m_messages->showMessage(
        tr("Your sign-in to %1 has ended, so Kete cannot load anything more. What you see stays "
           "until you sign in again.")
            .arg(who),
        MessageBar::Kind::Problem, MessageBar::SignInAgain | MessageBar::ConnectionDetails);
    updateActions();
}

void MainWindow::forgetProvider(const QString &providerId)
{
    const auto provider = m_providers->provider(providerId);
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
    if (m_target.providerId == providerId)
        signOut();
    QPointer<MainWindow> self(this);
    m_providers->forget(providerId, [self](const Result<void> &forgotten) {
        if (!self)
            return;
        self->m_welcome->setSavedProviders(self->m_providers->providers());
        if (!forgotten)
            self->m_messages->showError(forgotten.error());
    });
    m_welcome->setSavedProviders(m_providers->providers());
}

void MainWindow::reload()
{
    if (record::PatientRecord *record = patientRecord())
        record->load();
    updateStatus();
}

void MainWindow::showWelcome()
{
    m_welcome->setSavedProviders(m_providers->providers());
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

void MainWindow::updateActions()
{
    const bool connected = m_session != nullptr;
    record::PatientRecord *record = patientRecord();
    m_signOutAction->setEnabled(connected);
    // After a sign-in that ended, or one that failed or was refused at start.
    m_signInAgainAction->setEnabled(!m_signIn->isRunning() && m_target.request.fhirBase.isValid() &&
                                    (signInHasEnded() || !connected));
    m_reloadAction->setEnabled(record != nullptr);
    for (QAction *action : std::as_const(m_sectionActions))
        action->setEnabled(record != nullptr);
    m_exportAction->setEnabled(record != nullptr);
    m_printAction->setEnabled(record != nullptr);
    m_forgetAction->setEnabled(!m_target.providerId.isEmpty() &&
                               m_providers->provider(m_target.providerId).has_value());
    m_connectionBar->setVisible(connected);
    if (!connected || !m_sessionView)
        return;
    m_connectionLabel->setText(
        QStringLiteral("<b>%1</b> · %2")
            .arg(m_target.displayName.toHtmlEscaped(), m_sessionView->whoText().toHtmlEscaped()));
}

void MainWindow::updateStatus()
{
    record::PatientRecord *record = patientRecord();
    if (!record) {
        m_statusLabel->setText(m_sessionView ? tr("Find a patient to open their record")
                                             : tr("Not connected"));
        m_statusProgress->hide();
        return;
    }
    m_statusLabel->setText(record->statusText());
    const fhir::LoadProgress progress = record->progress();
    m_statusProgress->setVisible(record->isLoading());
    m_statusProgress->setRange(0, std::max(progress.expected, 0));
    m_statusProgress->setValue(std::min(progress.resources, progress.expected));
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

QString MainWindow::statusText() const
{
    return m_statusLabel->text();
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
        m_connectionDetails = new ConnectionDetailsDialog(m_connectionLog, this);
        m_connectionDetails->setAttribute(Qt::WA_DeleteOnClose);
    }
    m_connectionDetails->show();
    m_connectionDetails->raise();
    m_connectionDetails->activateWindow();
}

} // namespace kete::ui
