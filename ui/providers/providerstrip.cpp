#include "providers/providerstrip.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace kete::ui {

ProviderStrip::ProviderStrip(QWidget *parent)
    : QFrame(parent)
    , m_showing(new QComboBox(this))
    , m_warning(new QFrame(this))
    , m_warningText(new QLabel(m_warning))
    , m_lines(new QVBoxLayout)
{
    setObjectName(QStringLiteral("providerStrip"));
    setFrameShape(QFrame::StyledPanel);
    m_showing->setObjectName(QStringLiteral("providerShown"));
    m_showing->setAccessibleName(tr("Show the record of"));
    connect(m_showing, &QComboBox::activated, this,
            [this] { Q_EMIT shownChanged(m_showing->currentData().toString()); });

    auto *heading = new QHBoxLayout;
    auto *title = new QLabel(tr("<b>Your providers</b>"), this);
    auto *showLabel = new QLabel(tr("&Show:"), this);
    showLabel->setBuddy(m_showing);
    heading->addWidget(title);
    heading->addStretch(1);
    heading->addWidget(showLabel);
    heading->addWidget(m_showing);

    // Never colour alone: the warning says what it is in words, with a sign before it.
    m_warning->setObjectName(QStringLiteral("identityWarning"));
    m_warning->setFrameShape(QFrame::StyledPanel);
    m_warning->setStyleSheet(QStringLiteral(
        "#identityWarning { background: palette(base); border: 2px solid #b35900; }"));
    m_warningText->setWordWrap(true);
    m_warningText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *keepApart = new QPushButton(tr("&Keep them apart"), m_warning);
    keepApart->setObjectName(QStringLiteral("keepApart"));
    connect(keepApart, &QPushButton::clicked, this, &ProviderStrip::keepApartRequested);
    auto *warningLayout = new QHBoxLayout(m_warning);
    warningLayout->addWidget(m_warningText, 1);
    warningLayout->addWidget(keepApart);
    m_warning->hide();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 6, 8, 6);
    layout->setSpacing(4);
    layout->addLayout(heading);
    layout->addWidget(m_warning);
    layout->addLayout(m_lines);
    fillChoices();
}

ProviderStrip::LineWidgets ProviderStrip::makeLine(const QString &id)
{
    LineWidgets line;
    line.row = new QWidget(this);
    line.name = new QLabel(line.row);
    line.patient = new QLabel(line.row);
    line.patient->setObjectName(QStringLiteral("providerPatient"));
    line.status = new QLabel(line.row);
    line.status->setObjectName(QStringLiteral("providerStatus"));
    line.refresh = new QPushButton(tr("Refresh"), line.row);
    line.signInAgain = new QPushButton(tr("Sign in again"), line.row);
    line.remove = new QPushButton(tr("Remove"), line.row);
    connect(line.refresh, &QPushButton::clicked, this, [this, id] { Q_EMIT refreshRequested(id); });
    connect(line.signInAgain, &QPushButton::clicked, this,
            [this, id] { Q_EMIT signInAgainRequested(id); });
    connect(line.remove, &QPushButton::clicked, this, [this, id] { Q_EMIT removeRequested(id); });
    auto *layout = new QHBoxLayout(line.row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(line.name);
    layout->addWidget(line.patient);
    layout->addWidget(line.status, 1);
    layout->addWidget(line.refresh);
    layout->addWidget(line.signInAgain);
    layout->addWidget(line.remove);
    m_lines->addWidget(line.row);
    return line;
}

void ProviderStrip::setLine(const Line &line)
{
    auto found = m_widgets.find(line.id);
    if (found == m_widgets.end()) {
        found = m_widgets.insert(line.id, makeLine(line.id));
        m_order.append(line.id);
        fillChoices();
    }
    const LineWidgets &widgets = *found;
    const bool renamed = widgets.name->accessibleName() != line.name;
    widgets.name->setText(QStringLiteral("<b>%1</b>").arg(line.name.toHtmlEscaped()));
    widgets.name->setAccessibleName(line.name);
    widgets.patient->setText(line.patient);
    widgets.status->setText(line.status);
    widgets.refresh->setEnabled(!line.loading && !line.needsSignIn);
    widgets.signInAgain->setVisible(line.needsSignIn);
    for (QPushButton *button : {widgets.refresh, widgets.signInAgain, widgets.remove})
        button->setAccessibleDescription(line.name);
    if (renamed)
        fillChoices();
}

void ProviderStrip::removeLine(const QString &id)
{
    const LineWidgets widgets = m_widgets.take(id);
    m_order.removeAll(id);
    delete widgets.row;
    fillChoices();
}

QString ProviderStrip::statusOf(const QString &id) const
{
    const auto found = m_widgets.constFind(id);
    return found == m_widgets.cend() ? QString() : found->status->text();
}

QStringList ProviderStrip::ids() const
{
    return m_order;
}

QString ProviderStrip::shown() const
{
    return m_showing->currentData().toString();
}

void ProviderStrip::setShown(const QString &id)
{
    const int index = m_showing->findData(id);
    if (index >= 0)
        m_showing->setCurrentIndex(index);
}

void ProviderStrip::setTogetherAllowed(bool allowed)
{
    m_togetherAllowed = allowed;
    fillChoices();
}

void ProviderStrip::setIdentityWarning(const QString &text)
{
    m_warningText->setText(text.isEmpty() ? QString() : tr("⚠ %1").arg(text));
    m_warning->setVisible(!text.isEmpty());
}

QString ProviderStrip::identityWarning() const
{
    return m_warning->isVisible() ? m_warningText->text() : QString();
}

void ProviderStrip::fillChoices()
{
    const QString before = shown();
    const QSignalBlocker quiet(m_showing);
    m_showing->clear();
    if (m_togetherAllowed)
        m_showing->addItem(tr("All providers together"), QString());
    for (const QString &id : std::as_const(m_order))
        m_showing->addItem(m_widgets.value(id).name->accessibleName(), id);
    const int index = m_showing->findData(before);
    m_showing->setCurrentIndex(index >= 0 ? index : 0);
}

} // namespace kete::ui
