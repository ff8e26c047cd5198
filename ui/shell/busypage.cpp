#include "shell/busypage.h"

#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace kete::ui {

BusyPage::BusyPage(QWidget *parent)
    : QWidget(parent)
    , m_text(new QLabel(this))
{
    m_text->setObjectName(QStringLiteral("busyText"));
    m_text->setAlignment(Qt::AlignHCenter);
    m_text->setWordWrap(true);
    QFont font = m_text->font();
    font.setPointSizeF(font.pointSizeF() * 1.2);
    m_text->setFont(font);

    auto *bar = new QProgressBar(this);
    bar->setRange(0, 0);
    bar->setTextVisible(false);
    bar->setMaximumWidth(320);
    bar->setAccessibleName(tr("Working"));

    auto *cancel = new QPushButton(tr("Cancel"), this);
    cancel->setObjectName(QStringLiteral("busyCancel"));
    connect(cancel, &QPushButton::clicked, this, &BusyPage::cancelRequested);

    auto *layout = new QVBoxLayout(this);
    layout->addStretch(2);
    layout->addWidget(m_text);
    layout->addSpacing(12);
    layout->addWidget(bar, 0, Qt::AlignHCenter);
    layout->addSpacing(12);
    layout->addWidget(cancel, 0, Qt::AlignHCenter);
    layout->addStretch(3);
}

void BusyPage::setText(const QString &text)
{
    m_text->setText(text);
    setAccessibleDescription(text);
}

QString BusyPage::text() const
{
    return m_text->text();
}

} // namespace kete::ui
