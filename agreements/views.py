from django.shortcuts import render


def agreement_list(request):
    return render(request, "agreements/agreement_list.html")
