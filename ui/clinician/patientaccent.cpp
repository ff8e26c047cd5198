#include "clinician/patientaccent.h"

#include <QPainter>
#include <QPixmap>

namespace kete::ui {

QColor PatientAccent::color(int slot)
{
    // Okabe–Ito hues, told apart with the common colour-vision deficiencies too.
    static const QColor accents[kCount] = {
        QColor(0x00, 0x72, 0xB2), // blue
        QColor(0xE6, 0x9F, 0x00), // orange
        QColor(0x00, 0x9E, 0x73), // bluish green
        QColor(0xCC, 0x79, 0xA7), // reddish purple
        QColor(0x56, 0xB4, 0xE9), // sky blue
        QColor(0xD5, 0x5E, 0x00), // vermillion
    };
    return accents[((slot % kCount) + kCount) % kCount];
}

QIcon PatientAccent::icon(int slot)
{
    QPixmap pixmap(16, 16);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(color(slot));
    painter.drawRoundedRect(QRectF(2, 2, 12, 12), 3, 3);
    return QIcon(pixmap);
}

int PatientAccent::firstFree(const QList<int> &used)
{
    int slot = 0;
    while (used.contains(slot) && slot < kCount)
        ++slot;
    return slot < kCount ? slot : int(used.size()) % kCount;
}

} // namespace kete::ui
