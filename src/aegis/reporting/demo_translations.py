"""The September 2020 issue in French and Arabic, for the demo.

Written for the demo (the source prints English only), in UN terminology (UNTERM): Trust
Fund = Fonds d'affectation spéciale / الصندوق الاستئماني, Member States = États Membres /
الدول الأعضاء, UNOCT = Bureau de lutte contre le terrorisme / مكتب مكافحة الإرهاب. Items
whose text is not given here print in English, marked [EN].
"""

from __future__ import annotations

# external id of the item's activity: (headline, text or "" for English marked [EN]).
# Every headline is translated; the texts of the first items only.
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
        "highlights-2020-09-05": (
            "Mémorandum d'accord entre le Bureau de lutte contre le terrorisme et l'Institut "
            "international pour la justice et l'état de droit",
            "",
        ),
        "highlights-2020-09-07": (
            "Mémorandum d'accord entre le Bureau de lutte contre le terrorisme et l'Association "
            "du transport aérien international",
            "",
        ),
        "highlights-2020-09-08": (
            "Cinquième réunion de coordination entre l'ONU et le Forum mondial de lutte contre "
            "le terrorisme",
            "",
        ),
        "highlights-2020-09-09": (
            "Webinaires de formation et atelier sur place avec des jeunes soudanais",
            "",
        ),
        "highlights-2020-09-10": (
            "Webinaires à orientation géographique sur la gestion des frontières et la lutte "
            "contre le terrorisme",
            "",
        ),
        "highlights-2020-09-11": (
            "Atelier d'experts à distance sur l'utilisation de la réalité virtuelle et des "
            "drones pour lutter contre le terrorisme faisant appel aux armes de destruction "
            "massive",
            "",
        ),
        "highlights-2020-09-12": (
            "Manifestation parallèle : l'expérience de l'Asie centrale et l'appui de l'ONU aux "
            "États Membres qui rapatrient leurs ressortissants de la République arabe syrienne "
            "et de l'Iraq",
            "",
        ),
        "highlights-2020-09-13": (
            "Réunion de haut niveau et réunion du groupe d'experts sur la prévention de "
            "l'extrémisme violent par le sport",
            "",
        ),
        "highlights-2020-09-14": (
            "Évaluation approfondie des cadres de l'Ouganda et première réunion du groupe de "
            "travail d'experts du Programme relatif aux cellules de fusion",
            "",
        ),
        "highlights-2020-09-15": (
            "Évaluation approfondie de l'état de préparation de la Sierra Leone à la mise en "
            "place de son unité d'informations passagers",
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
        "highlights-2020-09-05": (
            "مذكرة تفاهم بين مكتب مكافحة الإرهاب والمعهد الدولي للعدالة وسيادة القانون",
            "",
        ),
        "highlights-2020-09-07": (
            "مذكرة تفاهم بين مكتب مكافحة الإرهاب والاتحاد الدولي للنقل الجوي",
            "",
        ),
        "highlights-2020-09-08": (
            "الاجتماع التنسيقي الخامس بين الأمم المتحدة والمنتدى العالمي لمكافحة الإرهاب",
            "",
        ),
        "highlights-2020-09-09": (
            "حلقات دراسية شبكية تدريبية وحلقة عمل ميدانية مع الشباب السوداني",
            "",
        ),
        "highlights-2020-09-10": (
            "حلقات دراسية شبكية ذات تركيز جغرافي بشأن إدارة الحدود ومكافحة الإرهاب",
            "",
        ),
        "highlights-2020-09-11": (
            "حلقة عمل للخبراء عن بعد بشأن استخدام الواقع الافتراضي والطائرات المسيرة لمكافحة "
            "الإرهاب باستخدام أسلحة الدمار الشامل",
            "",
        ),
        "highlights-2020-09-12": (
            "حدث جانبي: تجربة آسيا الوسطى ودعم الأمم المتحدة للدول الأعضاء في إعادة رعاياها "
            "من الجمهورية العربية السورية والعراق",
            "",
        ),
        "highlights-2020-09-13": (
            "اجتماع رفيع المستوى واجتماع فريق خبراء بشأن منع التطرف العنيف من خلال الرياضة",
            "",
        ),
        "highlights-2020-09-14": (
            "تقييم معمق لأطر أوغندا والاجتماع الأول لفريق الخبراء العامل التابع لبرنامج خلايا "
            "دمج المعلومات",
            "",
        ),
        "highlights-2020-09-15": (
            "تقييم معمق لمدى استعداد سيراليون لإنشاء وحدة معلومات الركاب الخاصة بها",
            "",
        ),
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

# The office's units as the capacity-building section heads them (English: the record's name).
GROUPS = {
    "fr": {
        "UN Counter-Terrorism Centre (UNCCT)": (
            "Centre des Nations Unies pour la lutte contre le terrorisme (UNCCT)"
        ),
        "Special Projects and Innovation Branch (SPIB)": (
            "Service des projets spéciaux et de l'innovation (SPIB)"
        ),
    },
    "ar": {
        "UN Counter-Terrorism Centre (UNCCT)": "مركز الأمم المتحدة لمكافحة الإرهاب",
        "Special Projects and Innovation Branch (SPIB)": "فرع المشاريع الخاصة والابتكار",
    },
}
