#include "shell/statusline.h"

#include "record/shownrecord.h"

#include <QLabel>
#include <QProgressBar>
#include <QStatusBar>

namespace kete::ui {

StatusLine::StatusLine(QStatusBar *bar)
    : QObject(bar)
    , m_label(new QLabel(bar))
    , m_progress(new QProgressBar(bar))
{
    m_label->setObjectName(QStringLiteral("statusText"));
    m_progress->setMaximumWidth(160);
    m_progress->setTextVisible(false);
    m_progress->hide();
    bar->addWidget(m_label, 1);
    bar->addPermanentWidget(m_progress);
    m_label->setText(tr("Not connected"));
}

void StatusLine::show(const record::ShownRecord *record, bool connected)
{
    if (!record) {
        m_label->setText(connected ? tr("Find a patient to open their record")
                                   : tr("Not connected"));
        m_progress->hide();
        return;
    }
    m_label->setText(record->statusText());
    const fhir::LoadProgress progress = record->progress();
    m_progress->setVisible(record->isLoading());
    m_progress->setRange(0, std::max(progress.expected, 0));
    m_progress->setValue(std::min(progress.resources, progress.expected));
}

QString StatusLine::text() const
{
    return m_label->text();
}

} // namespace kete::ui
