#include "record/patientbanner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>

namespace kete::ui {

PatientBanner::PatientBanner(QWidget *parent)
    : QWidget(parent)
    , m_name(new QLabel(this))
    , m_details(new QLabel(this))
    , m_asOf(new QLabel(this))
    , m_accent(new QWidget(this))
{
    setObjectName(QStringLiteral("patientBanner"));
    setAccessibleName(tr("Patient"));
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::AlternateBase);

    QFont nameFont = m_name->font();
    nameFont.setPointSizeF(nameFont.pointSizeF() * 1.4);
    nameFont.setBold(true);
    m_name->setFont(nameFont);
    m_name->setObjectName(QStringLiteral("patientName"));
    m_name->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->setObjectName(QStringLiteral("patientDetails"));
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_asOf->setObjectName(QStringLiteral("patientDataAsOf"));
    m_asOf->setForegroundRole(QPalette::PlaceholderText);

    m_accent->setObjectName(QStringLiteral("patientAccent"));
    m_accent->setFixedWidth(6);
    m_accent->setAutoFillBackground(true);
    m_accent->setBackgroundRole(QPalette::Window); // not the banner's own AlternateBase
    m_accent->hide();

    auto *who = new QVBoxLayout;
    who->setSpacing(2);
    who->addWidget(m_name);
    who->addWidget(m_details);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(16, 10, 16, 10);
    layout->addWidget(m_accent);
    layout->addSpacing(4);
    layout->addLayout(who, 1);
    layout->addWidget(m_asOf, 0, Qt::AlignBottom);
}

void PatientBanner::setPatient(const QString &name, const QString &details)
{
    m_name->setText(name);
    m_details->setText(details);
    setAccessibleDescription(name + QLatin1String(", ") + details);
}

void PatientBanner::setDataAsOf(const QDateTime &when, bool keptCopy)
{
    m_asOf->setText(dataAsOfText(when, keptCopy, QLocale()));
    m_asOf->setAccessibleName(m_asOf->text());
}

void PatientBanner::setAccent(const QColor &accent)
{
    m_accentColor = accent;
    QPalette palette = m_accent->palette();
    palette.setColor(QPalette::Window, accent);
    m_accent->setPalette(palette);
    m_accent->setVisible(accent.isValid());
}

void PatientBanner::setCompact(bool compact)
{
    QFont nameFont = font();
    nameFont.setPointSizeF(nameFont.pointSizeF() * (compact ? 1.15 : 1.4));
    nameFont.setBold(true);
    m_name->setFont(nameFont);
    layout()->setContentsMargins(compact ? QMargins(12, 4, 12, 4) : QMargins(16, 10, 16, 10));
}

QString PatientBanner::dataAsOfText() const
{
    return m_asOf->text();
}

QString PatientBanner::dataAsOfText(const QDateTime &when, bool keptCopy, const QLocale &locale)
{
    if (!when.isValid())
        return QString();
    const QDateTime local = when.toLocalTime();
    QString timeFormat = locale.timeFormat(QLocale::ShortFormat);
    timeFormat.remove(QStringLiteral(":ss"));
    const QString at = tr("%1, %2", "date, time")
                           .arg(locale.toString(local.date(), QLocale::ShortFormat),
                                locale.toString(local.time(), timeFormat));
    return keptCopy ? tr("kept on this computer, as of %1").arg(at) : tr("data as of %1").arg(at);
}

QString PatientBanner::patientName() const
{
    return m_name->text();
}

} // namespace kete::ui
