"""The September 2020 issue in French and Arabic, for the demo.

Written for the demo (the source prints English only), in UN terminology (UNTERM): Trust
Fund = Fonds d'affectation spéciale / الصندوق الاستئماني, Member States = États Membres /
الدول الأعضاء, UNOCT = Bureau de lutte contre le terrorisme / مكتب مكافحة الإرهاب. Items
whose text is not given here print in English, marked [EN].
"""

from __future__ import annotations

# external id of the item's activity: (headline, text or "" for English marked [EN])
ITEMS: dict[str, dict[str, tuple[str, str]]] = {
    "fr": {
        "highlights-2020-09-01": (
            "Conférence antiterroriste 2020 de l'OSCE",
            "Le Secrétaire général adjoint, M. Voronkov, a souligné l'importance de nouer des "
            "partenariats solides avec les organisations régionales et a salué à cet égard le "
            "partenariat entre le Bureau de lutte contre le terrorisme et l'OSCE. Les "
            "participants ont débattu de l'état de la coopération internationale en matière de "
            "prévention et de lutte contre le terrorisme, l'extrémisme violent et la "
            "radicalisation dans le contexte de la COVID-19.",
        ),
        "highlights-2020-09-02": (
            "Deuxième édition des NuSec Talks « La sécurité par le droit »",
            "En marge de la 64e Conférence générale de l'AIEA, le Secrétaire général adjoint, "
            "M. Voronkov, et le Directeur général de l'AIEA, M. Grossi, ont appelé les États "
            "Membres à adhérer à la Convention sur la protection physique des matières "
            "nucléaires (CPPNM) et à la Convention internationale pour la répression des actes "
            "de terrorisme nucléaire (ICSANT) afin de renforcer la sécurité nucléaire et de "
            "prévenir le terrorisme nucléaire.",
        ),
        "highlights-2020-09-03": (
            "Deuxième réunion ministérielle du Groupe des amis des victimes du terrorisme",
            "",
        ),
        "highlights-2020-09-04": (
            "Première table ronde du Bureau de lutte contre le terrorisme avec les "
            "organisations de la société civile",
            "",
        ),
        "highlights-2020-09-06": (
            "Contribution de l'Espagne au Bureau de lutte contre le terrorisme",
            "",
        ),
    },
    "ar": {
        "highlights-2020-09-01": (
            "مؤتمر منظمة الأمن والتعاون في أوروبا لمكافحة الإرهاب لعام 2020",
            "شدّد وكيل الأمين العام فورونكوف على أهمية بناء شراكات قوية مع المنظمات الإقليمية، "
            "وأشاد في هذا الصدد بالشراكة بين مكتب مكافحة الإرهاب ومنظمة الأمن والتعاون في "
            "أوروبا. وناقش المشاركون حالة التعاون الدولي في مجال منع ومكافحة الإرهاب والتطرف "
            "العنيف والتطرف في ظل جائحة كوفيد-19.",
        ),
        "highlights-2020-09-02": (
            "الدورة الثانية من محادثات الأمن النووي «الأمن من خلال القانون»",
            "على هامش الدورة الرابعة والستين للمؤتمر العام للوكالة الدولية للطاقة الذرية، دعا "
            "وكيل الأمين العام فورونكوف والمدير العام للوكالة غروسي الدول الأعضاء إلى الانضمام "
            "إلى اتفاقية الحماية المادية للمواد النووية والاتفاقية الدولية لقمع أعمال الإرهاب "
            "النووي، من أجل تعزيز الأمن النووي ومنع الإرهاب النووي.",
        ),
        "highlights-2020-09-03": (
            "الاجتماع الوزاري الثاني لمجموعة أصدقاء ضحايا الإرهاب",
            "",
        ),
        "highlights-2020-09-04": (
            "المائدة المستديرة الأولى لمكتب مكافحة الإرهاب مع منظمات المجتمع المدني",
            "",
        ),
        "highlights-2020-09-06": ("مساهمة إسبانيا في مكتب مكافحة الإرهاب", ""),
    },
}

INTRODUCTION = {
    "fr": (
        "Le Bureau apporte l'essentiel de son appui au renforcement des capacités des États "
        "Membres par l'intermédiaire du Centre des Nations Unies pour la lutte contre le "
        "terrorisme (UNCCT), créé en 2011 grâce à une contribution initiale du Royaume "
        "d'Arabie saoudite au Fonds d'affectation spéciale pour la lutte contre le terrorisme. "
        "L'UNCCT est doté d'un Conseil consultatif composé de 21 États Membres et de l'Union "
        "européenne (UE) en qualité de membre invité."
    ),
    "ar": (
        "يقدّم المكتب معظم دعمه في مجال بناء القدرات إلى الدول الأعضاء من خلال مركز الأمم "
        "المتحدة لمكافحة الإرهاب، الذي أُنشئ بمساهمة أولية من المملكة العربية السعودية في "
        "الصندوق الاستئماني لمكافحة الإرهاب في عام 2011. وللمركز مجلس استشاري يتألف من 21 "
        "دولة من الدول الأعضاء، إضافة إلى الاتحاد الأوروبي بصفته عضوا ضيفا."
    ),
}
FOOTER = {
    "fr": "Pour en savoir plus : www.un.org/counterterrorism",
    "ar": "لمزيد من المعلومات: www.un.org/counterterrorism",
}
PHOTO_CAPTION = {
    "fr": "Deuxième réunion ministérielle du Groupe des amis des victimes du terrorisme",
    "ar": "الاجتماع الوزاري الثاني لمجموعة أصدقاء ضحايا الإرهاب",
}
