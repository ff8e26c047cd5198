#include "signin/connectdialog.h"

#include "brands/providersearch.h"
#include "common/transportpolicy.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QVBoxLayout>

namespace kete::ui {

ConnectDialog::ConnectDialog(QWidget *parent)
    : QDialog(parent)
    , m_providerSearch(new ProviderSearch(this))
    , m_name(new QLineEdit(this))
    , m_address(new QLineEdit(this))
    , m_clientId(new QLineEdit(defaultClientId(), this))
    , m_clientSecret(new QLineEdit(this))
    , m_redirectUri(new QLineEdit(defaultRedirectUri().toString(), this))
    , m_browser(new QComboBox(this))
    , m_audience(new QComboBox(this))
    , m_ehrPicksPatient(new QCheckBox(tr("Let my &EHR pick the patient"), this))
    , m_hint(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Cancel, this))
    , m_connectButton(m_buttons->addButton(tr("Connect"), QDialogButtonBox::AcceptRole))
{
    setWindowTitle(tr("Connect to your health provider"));

    auto *find = new QGroupBox(tr("Find your provider"), this);
    auto *findLayout = new QVBoxLayout(find);
    findLayout->addWidget(m_providerSearch);
    connect(m_providerSearch, &ProviderSearch::providerChosen, this,
            [this](const brands::ProviderEntry &entry) {
                m_address->setText(entry.fhirBase().toString());
                m_name->setText(entry.brandName);
            });
    m_providerSearch->loadInstalledDirectories();

    auto *enter = new QGroupBox(tr("Enter an address"), this);
    auto *intro = new QLabel(tr("Enter the FHIR address your provider gives for patient apps. "
                                "It usually starts with https:// and ends in /fhir or /R4."),
                             this);
    intro->setWordWrap(true);

    m_address->setPlaceholderText(QStringLiteral("https://fhir.example-health.org/api/FHIR/R4"));
    m_address->setObjectName(QStringLiteral("fhirAddress"));
    m_address->setAccessibleName(tr("FHIR address"));
    m_name->setPlaceholderText(tr("e.g. City Hospital"));
    m_name->setAccessibleName(tr("Provider name"));
    m_clientId->setObjectName(QStringLiteral("clientId"));
    m_clientId->setAccessibleName(tr("Client ID"));
    m_clientSecret->setEchoMode(QLineEdit::Password);
    m_clientSecret->setPlaceholderText(tr("Only if your provider gave you one"));
    m_clientSecret->setAccessibleName(tr("Client secret"));
    m_redirectUri->setAccessibleName(tr("Redirect address"));
    m_browser->addItem(tr("Inside Kete"));
    m_browser->addItem(tr("My web browser"));
    m_browser->setAccessibleName(tr("Sign in with"));
    m_audience->setObjectName(QStringLiteral("audience"));
    m_audience->addItem(tr("A patient, to see my own record"));
    m_audience->addItem(tr("A clinician, to look up patients"));
    m_audience->setAccessibleName(tr("I am signing in as"));
    // Off by default: Kete's own patient search follows the sign-in.
    m_ehrPicksPatient->setObjectName(QStringLiteral("ehrPicksPatient"));
    m_ehrPicksPatient->setToolTip(
        tr("Your provider's sign-in shows its own patient list, and Kete opens the patient you "
           "pick there."));
    m_ehrPicksPatient->setVisible(false);
    connect(m_audience, &QComboBox::currentIndexChanged, this,
            [this] { m_ehrPicksPatient->setVisible(signsInAsClinician()); });

    auto *form = new QFormLayout;
    form->addRow(tr("&FHIR address:"), m_address);
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("I &am:"), m_audience);
    form->addRow(QString(), m_ehrPicksPatient);

    // A disclosure: most people never need what the provider registered for Kete.
    auto *showAdvanced = new QCheckBox(tr("Show &advanced settings (app registration)"), this);
    showAdvanced->setObjectName(QStringLiteral("showAdvanced"));
    auto *advanced = new QGroupBox(tr("App registration"), this);
    auto *advancedForm = new QFormLayout(advanced);
    advancedForm->addRow(tr("&Client ID:"), m_clientId);
    advancedForm->addRow(tr("Client &secret:"), m_clientSecret);
    advancedForm->addRow(tr("&Redirect address:"), m_redirectUri);
    advancedForm->addRow(tr("Sign in &with:"), m_browser);
    advanced->hide();
    connect(showAdvanced, &QCheckBox::toggled, this, [this, advanced](bool shown) {
        advanced->setVisible(shown);
        resize(width(), sizeHint().height());
    });

    m_hint->setWordWrap(true);
    m_hint->setObjectName(QStringLiteral("connectHint"));

    m_connectButton->setObjectName(QStringLiteral("connectButton"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *enterLayout = new QVBoxLayout(enter);
    enterLayout->addWidget(intro);
    enterLayout->addLayout(form);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(find);
    layout->addWidget(enter);
    layout->addWidget(showAdvanced);
    layout->addWidget(advanced);
    layout->addWidget(m_hint);
    layout->addStretch();
    layout->addWidget(m_buttons);

    for (QLineEdit *edit : {m_address, m_clientId, m_redirectUri})
        connect(edit, &QLineEdit::textChanged, this, &ConnectDialog::validate);
    validate();
    resize(520, sizeHint().height());
    // The cursor starts in "Find your provider"; the address follows it (Name was created
    // first).
    setTabOrder(m_providerSearch->searchBox(), m_providerSearch->results());
    setTabOrder(m_providerSearch->results(), m_address);
    setTabOrder(m_address, m_name);
    m_providerSearch->searchBox()->setFocus();
}

QString ConnectDialog::defaultClientId()
{
    return QStringLiteral("kete-desktop");
}

QUrl ConnectDialog::defaultRedirectUri()
{
    return QUrl(QStringLiteral("http://127.0.0.1/kete/callback"));
}

QString ConnectDialog::displayName() const
{
    const QString name = m_name->text().trimmed();
    return name.isEmpty() ? fhirBaseUrl().host() : name;
}

QUrl ConnectDialog::fhirBaseUrl() const
{
    QString text = m_address->text().trimmed();
    if (!text.isEmpty() && !text.contains(QLatin1String("://")))
        text.prepend(QLatin1String("https://"));
    QUrl url(text, QUrl::StrictMode);
    url.setPath(url.path().endsWith(QLatin1Char('/')) ? url.path().chopped(1) : url.path());
    return url.adjusted(QUrl::RemoveQuery | QUrl::RemoveFragment);
}

QString ConnectDialog::clientId() const
{
    return m_clientId->text().trimmed();
}

QString ConnectDialog::clientSecret() const
{
    return m_clientSecret->text();
}

QUrl ConnectDialog::redirectUri() const
{
    return QUrl(m_redirectUri->text().trimmed(), QUrl::StrictMode);
}

bool ConnectDialog::signsInAsClinician() const
{
    return m_audience->currentIndex() == 1;
}

bool ConnectDialog::ehrPicksPatient() const
{
    return signsInAsClinician() && m_ehrPicksPatient->isChecked();
}

bool ConnectDialog::useSystemBrowser() const
{
    return m_browser->currentIndex() == 1;
}

void ConnectDialog::setFhirBaseUrl(const QUrl &url)
{
    m_address->setText(url.toString());
}

void ConnectDialog::setClientId(const QString &clientId)
{
    m_clientId->setText(clientId);
}

void ConnectDialog::validate()
{
    QString problem;
    const TransportSecurity security = transportSecurity(fhirBaseUrl());
    if (m_address->text().trimmed().isEmpty())
        problem = QString();
    else if (security == TransportSecurity::NotAnAddress)
        problem = tr("This does not look like a web address.");
    else if (security == TransportSecurity::Insecure)
        problem = tr("Health data needs a secure connection: the address must start with "
                     "https://.");
    else if (clientId().isEmpty())
        problem = tr("A client ID is needed; Kete's is “%1”.").arg(defaultClientId());
    else if (!redirectUri().isValid() || redirectUri().scheme().isEmpty())
        problem = tr("The redirect address is not a valid address.");

    m_hint->setText(problem);
    m_hint->setVisible(!problem.isEmpty());
    m_connectButton->setEnabled(problem.isEmpty() && !m_address->text().trimmed().isEmpty());
}

} // namespace kete::ui
