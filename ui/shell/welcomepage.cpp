#include "shell/welcomepage.h"

#include "brands/providersearch.h"
#include "shell/appresources.h"

#include <QGroupBox>
#include <QIcon>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace kete::ui {

WelcomePage::WelcomePage(QWidget *parent)
    : QWidget(parent)
    , m_search(new ProviderSearch(this))
    , m_saved(new QGroupBox(tr("Your providers"), this))
    , m_savedRows(new QVBoxLayout(m_saved))
    , m_adding(new QFrame(this))
    , m_demoButton(new QPushButton(this))
    , m_clinicianDemo(new QPushButton(tr("Try the demo as a clinician"), this))
{
    initResources();
    m_saved->setObjectName(QStringLiteral("savedProviders"));
    m_saved->hide();

    auto *logo = new QLabel(this);
    logo->setPixmap(QIcon(QStringLiteral(":/kete/icons/kete.svg")).pixmap(96, 96));
    logo->setAlignment(Qt::AlignHCenter);

    auto *title = new QLabel(tr("Welcome to Kete"), this);
    title->setObjectName(QStringLiteral("welcomeTitle"));
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.8);
    titleFont.setBold(true);
    title->setFont(titleFont);
    title->setAlignment(Qt::AlignHCenter);

    auto *intro = new QLabel(tr("See your lab results and health conditions from your health "
                                "provider, with trends over time. Your sign-in stays in your "
                                "system's keychain."),
                             this);
    intro->setWordWrap(true);
    intro->setAlignment(Qt::AlignHCenter);
    // A fixed width, so that the wrapped text gets the height it needs.
    intro->setFixedWidth(460);

    auto *findLabel = new QLabel(tr("Find your provider"), this);
    QFont findFont = findLabel->font();
    findFont.setBold(true);
    findLabel->setFont(findFont);
    findLabel->setBuddy(m_search->searchBox());
    m_search->setFixedWidth(460);
    m_search->loadInstalledDirectories();

    auto *connectButton = new QPushButton(tr("Enter an address or more options…"), this);
    connectButton->setObjectName(QStringLiteral("connectButton"));
    connectButton->setDefault(true);
    connectButton->setMinimumHeight(40);
    connectButton->setAccessibleDescription(
        tr("Sign in to your provider's patient portal to load your records"));

    // Adding a provider to the record on screen: say so, and offer the way back.
    m_adding->setObjectName(QStringLiteral("addingProvider"));
    m_adding->setFrameShape(QFrame::StyledPanel);
    auto *addingText = new QLabel(tr("<b>Add a provider to your record.</b> Choose it below; "
                                     "its results join the ones on screen, each marked with "
                                     "where it came from."),
                                  m_adding);
    addingText->setWordWrap(true);
    auto *back = new QPushButton(tr("&Back to my record"), m_adding);
    back->setObjectName(QStringLiteral("backToRecord"));
    auto *addingLayout = new QHBoxLayout(m_adding);
    addingLayout->addWidget(addingText, 1);
    addingLayout->addWidget(back);
    m_adding->setFixedWidth(460);
    m_adding->hide();
    connect(back, &QPushButton::clicked, this, &WelcomePage::backToRecordRequested);

    QPushButton *demoButton = m_demoButton;
    demoButton->setObjectName(QStringLiteral("demoButton"));
    demoButton->setMinimumHeight(40);
    setAddingProvider(false);

    QPushButton *clinicianDemo = m_clinicianDemo;
    clinicianDemo->setObjectName(QStringLiteral("clinicianDemoButton"));
    clinicianDemo->setFlat(true);
    clinicianDemo->setAccessibleDescription(
        tr("Sign in as a made-up clinician and look patients up"));

    auto *demoHint = new QLabel(tr("The demo uses made-up patients and works offline."), this);
    demoHint->setAlignment(Qt::AlignHCenter);
    demoHint->setEnabled(false);

    auto *column = new QVBoxLayout;
    column->addStretch(2);
    column->addWidget(logo);
    column->addSpacing(12);
    column->addWidget(title);
    column->addWidget(intro, 0, Qt::AlignHCenter);
    column->addSpacing(24);
    column->addWidget(m_adding);
    column->addWidget(findLabel);
    column->addWidget(m_search);
    column->addWidget(connectButton);
    column->addWidget(demoButton);
    column->addWidget(clinicianDemo);
    column->addWidget(demoHint);
    column->addSpacing(24);
    column->addWidget(m_saved);
    column->addStretch(3);

    auto *centered = new QHBoxLayout(this);
    centered->addStretch();
    centered->addLayout(column);
    centered->addStretch();

    connect(connectButton, &QPushButton::clicked, this, &WelcomePage::connectRequested);
    connect(m_search, &ProviderSearch::providerChosen, this,
            [this](const brands::ProviderEntry &entry) {
                Q_EMIT directoryProviderChosen(entry.fhirBase(), entry.brandName);
            });
    connect(demoButton, &QPushButton::clicked, this, &WelcomePage::demoRequested);
    connect(clinicianDemo, &QPushButton::clicked, this, &WelcomePage::clinicianDemoRequested);
}

void WelcomePage::setAddingProvider(bool adding)
{
    m_adding->setVisible(adding);
    m_clinicianDemo->setVisible(!adding);
    m_demoButton->setText(adding ? tr("Add the demo hospital") : tr("Try the demo"));
    m_demoButton->setAccessibleDescription(
        adding ? tr("A second made-up provider with results for the same demo patient")
               : tr("Explore Kete with made-up patients on this computer; nothing leaves it"));
}

bool WelcomePage::isAddingProvider() const
{
    return m_adding->isVisibleTo(this);
}

void WelcomePage::setSavedProviders(const QList<ProviderSettings> &providers)
{
    while (QLayoutItem *item = m_savedRows->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    for (const ProviderSettings &provider : providers) {
        auto *row = new QWidget(m_saved);
        auto *name = new QLabel(provider.displayName, row);
        name->setToolTip(provider.fhirBase.toDisplayString());
        auto *kept =
            new QLabel(tr("A copy of your record is kept on this computer, encrypted"), row);
        kept->setObjectName(QStringLiteral("keptCopy"));
        kept->setProperty("providerId", provider.id);
        kept->setEnabled(false); // the palette's quieter text
        kept->hide();
        auto *names = new QVBoxLayout;
        names->setSpacing(0);
        names->addWidget(name);
        names->addWidget(kept);
        auto *open = new QPushButton(tr("Open"), row);
        open->setObjectName(QStringLiteral("openProvider"));
        open->setAccessibleName(tr("Open %1").arg(provider.displayName));
        auto *forget = new QPushButton(tr("Forget"), row);
        forget->setAccessibleName(tr("Forget %1").arg(provider.displayName));
        forget->setToolTip(tr("Remove this provider and its saved sign-in from this computer"));
        auto *layout = new QHBoxLayout(row);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->addLayout(names, 1);
        layout->addWidget(open);
        layout->addWidget(forget);
        const QString id = provider.id;
        connect(open, &QPushButton::clicked, this, [this, id] { Q_EMIT savedProviderChosen(id); });
        connect(forget, &QPushButton::clicked, this,
                [this, id] { Q_EMIT forgetProviderRequested(id); });
        m_savedRows->addWidget(row);
    }
    m_saved->setVisible(!providers.isEmpty());
}

void WelcomePage::showKeptCopy(const QString &providerId)
{
    for (QLabel *kept : m_saved->findChildren<QLabel *>(QStringLiteral("keptCopy"))) {
        if (kept->property("providerId").toString() == providerId)
            kept->show();
    }
}

} // namespace kete::ui
